package io.bnsync.train;

import io.bnsync.config.ConfigException;
import java.util.Locale;

/**
 * How a round's results are merged, chosen by the Spark property {@value #PROPERTY}: {@code direct} (every result to
 * the driver, {@link OrderedMerge}), {@code sliced} (a reduce-scatter, {@link SlicedMerge}) or {@code auto}, direct
 * up to {@link #DIRECT_MAX_WORKERS} workers, where it measured faster, sliced above. Both give the same bits.
 */
public enum MergeTopology {
    AUTO, DIRECT, SLICED;

    public static final String PROPERTY = "spark.bnsync.merge";
    static final int DIRECT_MAX_WORKERS = 4;

    /** The property's value, checked: a one-line error naming it otherwise. */
    public static MergeTopology parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("invalid value '" + value + "' for " + PROPERTY
                    + ": expected auto, direct or sliced");
        }
    }

    boolean sliced(int workers) {
        return this == SLICED || this == AUTO && workers > DIRECT_MAX_WORKERS;
    }
}
