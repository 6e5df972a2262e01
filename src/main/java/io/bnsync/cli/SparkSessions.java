package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.train.DriverEndpoints;
import io.bnsync.train.MergeTopology;
import io.bnsync.train.SparkSettings;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.deploy.SparkHadoopUtil;
import org.apache.spark.sql.SparkSession;

/**
 * Creates the SparkSession of a command. Under spark-submit the master and settings come from
 * it; run directly (submit/local.sh, tests) the default is an in-process {@code local[*]}.
 */
final class SparkSessions {
    private SparkSessions() {
    }

    static SparkSession create(String appName, String master) {
        return create(appName, master, 0);
    }

    /**
     * A session for a command that trains with {@code workers} tasks at once (0: not a training command). On
     * YARN and Kubernetes it asks for the executors those tasks need (unless {@code spark.executor.instances} is
     * set) and turns dynamic allocation off: the rounds engine keeps every worker busy until the run ends.
     */
    static SparkSession create(String appName, String master, int workers) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            checkMaster(master);
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        SparkSettings.applyDefaults(conf);
        // Checked here, before any output exists, though only the rounds engine reads it.
        MergeTopology.parse(conf.get(MergeTopology.PROPERTY, "auto"));
        DriverEndpoints.parsePort(conf.get(DriverEndpoints.PORT_PROPERTY, "0"));
        if (workers > 0) {
            TaskSlots.requestExecutors(conf, workers);
        }
        SparkSession session;
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) {
            if (String.valueOf(e.getMessage()).startsWith("Could not parse Master URL")) {
                throw new ConfigException("invalid value '" + conf.get("spark.master") + "' for --master: "
                        + e.getMessage());
            }
            throw e;
        }
        try {
            DriverEndpoints.check(session.sparkContext().getConf());
        } catch (ConfigException e) {
            session.stop();
            throw e;
        }
        return session;
    }

    /**
     * The Hadoop configuration of a command that may run without a SparkSession: the cluster's (HADOOP_CONF_DIR
     * on the classpath) plus {@code spark.hadoop.*} settings, as Spark would build it.
     */
    static Configuration hadoopConfiguration() {
        return SparkHadoopUtil.get().newConfiguration(new SparkConf());
    }

    /**
     * Refuses a --master Spark cannot mean (it takes local, local[N], local[N,F], local-cluster[...], yarn,
     * spark://, k8s:// and mesos://) before Spark logs a stack trace for it; the details are left to Spark.
     */
    private static void checkMaster(String master) {
        if (!master.matches("local(\\[(\\*|\\d+)(\\s*,\\s*\\d+)?\\])?|local-cluster\\[.*\\]|yarn|(spark|k8s|mesos)://.+")) {
            throw new ConfigException("invalid value '" + master + "' for --master: expected local[N], spark://HOST:PORT, "
                    + "yarn or k8s://URL");
        }
    }
}
