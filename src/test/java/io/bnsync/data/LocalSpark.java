package io.bnsync.data;

import org.apache.spark.sql.SparkSession;

/** A minimal in-process Spark for tests: one core, no UI, loopback only, one shuffle partition. */
final class LocalSpark {
    private LocalSpark() {
    }

    static SparkSession start() {
        SparkSession spark = SparkSession.builder()
                .appName("bnsync-data-test")
                .master("local[1]")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        return spark;
    }
}
