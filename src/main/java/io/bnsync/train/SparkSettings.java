package io.bnsync.train;

import org.apache.spark.SparkConf;

/**
 * Spark settings the rounds engine depends on, applied unless the user set them. Every round
 * collects one result per task of 14 MB (the seed net's float parameters and updater state). And
 * {@link NativeStartupPlugin} added to {@code spark.plugins}, so every JVM loads ND4J's fast natives.
 */
public final class SparkSettings {
    static final String PLUGINS = "spark.plugins";
    private SparkSettings() {
    }

    public static SparkConf applyDefaults(SparkConf conf) {
        // Merged results of many workers are larger; the default 1g cap is tight at W >= 16.
        conf.setIfMissing("spark.driver.maxResultSize", "4g");
        // Results above the default 1 MB go through the block manager: stored, announced, then
        // fetched by the driver. Sending them with the task's status update (up to Spark's RPC
        // message limit, 128 MB; larger ones still take the block manager) saves that round trip
        // in every round (docs/PERFORMANCE.md).
        conf.setIfMissing("spark.task.maxDirectResultSize", "128m");
        addPlugin(conf, NativeStartupPlugin.class.getName());
        return conf;
    }

    /** Adds {@code plugin} to the user's {@code spark.plugins} (a comma-separated list), once. */
    static void addPlugin(SparkConf conf, String plugin) {
        String plugins = conf.get(PLUGINS, "").strip();
        if (!java.util.Arrays.asList(plugins.split("\\s*,\\s*")).contains(plugin)) {
            conf.set(PLUGINS, plugins.isEmpty() ? plugin : plugins + "," + plugin);
        }
    }
}
