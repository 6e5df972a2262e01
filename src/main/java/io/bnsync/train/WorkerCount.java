package io.bnsync.train;

import io.bnsync.config.ConfigException;
import io.bnsync.config.TrainConfig;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;

/**
 * Resolves {@code workers = auto} once the Spark context exists. In local mode: one worker per core of
 * {@code local[N]} (each then gets one ND4J thread, {@link NetworkSpec}), the fastest use of a machine measured
 * (docs/PERFORMANCE.md). On a cluster manager: the task slots the application asked for. A count given explicitly
 * is kept as it is.
 */
public final class WorkerCount {
    private WorkerCount() {
    }

    public static TrainConfig resolve(TrainConfig config, SparkContext sc) {
        if (config.workers() != TrainConfig.AUTO_WORKERS) {
            return config;
        }
        return config.withWorkers(sc.isLocal() ? Math.max(1, sc.defaultParallelism()) : clusterSlots(sc.getConf()));
    }

    static int clusterSlots(SparkConf conf) {
        if (!conf.contains("spark.executor.instances")) {
            throw new ConfigException("workers = auto needs local mode or spark.executor.instances (a cluster's task "
                    + "slots are not known in advance): give --workers N");
        }
        int slotsPerExecutor = Math.max(1, conf.getInt("spark.executor.cores", 1) / conf.getInt("spark.task.cpus", 1));
        return Math.max(1, conf.getInt("spark.executor.instances", 1) * slotsPerExecutor);
    }
}
