package io.bnsync.train;

import io.bnsync.config.ConfigException;
import java.util.Locale;
import org.apache.spark.SparkConf;

/**
 * How a round's results are merged, chosen by the Spark property {@value #PROPERTY}: {@code direct} (every result to
 * the driver as Spark's task result, {@link OrderedMerge}), {@code push} (the same merge, but tasks pull the
 * round's input from the driver's own socket instead of a broadcast and push their results to it,
 * {@link PushedMerge}, listening where {@link DriverEndpoints} says), {@code sliced} (a
 * reduce-scatter, {@link SlicedMerge}) or {@code auto}: push up to {@link #DIRECT_MAX_WORKERS} workers, where the
 * whole-result merges measured faster, sliced above; direct instead of push when Spark encrypts its network traffic
 * ({@value #SPARK_NETWORK_CRYPTO}), since the endpoint's socket is not encrypted. All give the same bits.
 */
public enum MergeTopology {
    AUTO, DIRECT, PUSH, SLICED;

    public static final String PROPERTY = "spark.bnsync.merge";
    static final int DIRECT_MAX_WORKERS = 4;
    static final String SPARK_NETWORK_CRYPTO = "spark.network.crypto.enabled";

    /** The property's value, checked: a one-line error naming it otherwise. */
    public static MergeTopology parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value '" + value + "' for " + PROPERTY
                    + ": expected auto, direct, push or sliced");
        }
    }

    /** The merge a run of {@code workers} workers uses under Spark settings {@code conf}: never {@link #AUTO}. */
    MergeTopology resolve(int workers, SparkConf conf) {
        if (this != AUTO) {
            return this;
        }
        if (workers > DIRECT_MAX_WORKERS) {
            return SLICED;
        }
        return conf.getBoolean(SPARK_NETWORK_CRYPTO, false) ? DIRECT : PUSH;
    }
}
