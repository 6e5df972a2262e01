package io.bnsync.cli;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a command. Under spark-submit the master and settings come from
 * it; run directly (submit/local.sh, tests) the default is an in-process {@code local[*]}.
 */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession create(String appName, String master) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        // Worker results are ~30 MB of doubles; the default 1g cap is tight at W >= 16.
        conf.setIfMissing("spark.driver.maxResultSize", "4g");
        return SparkSession.builder().config(conf).getOrCreate();
    }
}
