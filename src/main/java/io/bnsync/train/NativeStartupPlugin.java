package io.bnsync.train;

import io.bnsync.model.NativeRuntime;
import java.util.Map;
import org.apache.spark.SparkContext;
import org.apache.spark.api.plugin.DriverPlugin;
import org.apache.spark.api.plugin.ExecutorPlugin;
import org.apache.spark.api.plugin.PluginContext;
import org.apache.spark.api.plugin.SparkPlugin;

/**
 * Spark's start-up hook for {@link NativeRuntime#start}: {@code spark.plugins=io.bnsync.train.NativeStartupPlugin}
 * runs it in the driver when the SparkContext starts and in every executor JVM before its first task, so ND4J
 * loads its fast natives whatever loads it first there (a Kryo registrator, a broadcast). The commands set it
 * ({@code SparkSettings}); applications using the Spark ML API set it themselves.
 */
public final class NativeStartupPlugin implements SparkPlugin {
    @Override
    public DriverPlugin driverPlugin() {
        return new DriverPlugin() {
            @Override
            public Map<String, String> init(SparkContext sc, PluginContext context) {
                NativeRuntime.start();
                return Map.of();
            }
        };
    }

    @Override
    public ExecutorPlugin executorPlugin() {
        return new ExecutorPlugin() {
            @Override
            public void init(PluginContext context, Map<String, String> extraConf) {
                NativeRuntime.start();
            }
        };
    }
}
