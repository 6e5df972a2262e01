package io.bnsync.train;

import io.bnsync.config.ConfigException;
import java.util.Locale;

/**
 * How a round's results are merged, chosen by the Spark property {@value #PROPERTY}: {@code direct} (every result to
 * the driver as Spark's task result, {@link OrderedMerge}), {@code push} (the same merge, but tasks pull the
 * round's input from the driver's own socket instead of a broadcast and push their results to it,
 * {@link PushedMerge}; it listens on {@value #ENDPOINT_PORT_PROPERTY}, 0 = any free port), {@code sliced} (a
 * reduce-scatter, {@link SlicedMerge}) or {@code auto}, direct up to {@link #DIRECT_MAX_WORKERS} workers, where it
 * measured faster, sliced above. All give the same bits.
 */
public enum MergeTopology {
    AUTO, DIRECT, PUSH, SLICED;

    public static final String PROPERTY = "spark.bnsync.merge";
    public static final String ENDPOINT_PORT_PROPERTY = "spark.bnsync.endpoint.port";
    static final int DIRECT_MAX_WORKERS = 4;

    /** The property's value, checked: a one-line error naming it otherwise. */
    public static MergeTopology parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value '" + value + "' for " + PROPERTY
                    + ": expected auto, direct, push or sliced");
        }
    }

    /** The endpoint port setting's value, checked: 0 (any free port) to 65535, a one-line error naming it otherwise. */
    public static int parseEndpointPort(String value) {
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ConfigException("invalid value '" + value + "' for " + ENDPOINT_PORT_PROPERTY
                + ": expected a port number from 0 (any free port) to 65535");
    }

    /** The merge a run of {@code workers} workers uses: never {@link #AUTO}. */
    MergeTopology resolve(int workers) {
        if (this != AUTO) {
            return this;
        }
        return workers > DIRECT_MAX_WORKERS ? SLICED : DIRECT;
    }
}
