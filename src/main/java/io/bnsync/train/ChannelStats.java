package io.bnsync.train;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-channel count, mean and M2 (sum of squared deviations from the mean) of a BatchNorm layer's
 * input, in double. {@link #merge} is Chan et al.'s parallel update, so partial statistics from
 * any number of workers combine, in any order or tree shape, into the statistics of the
 * concatenated data; an empty instance is neutral.
 */
public final class ChannelStats implements Serializable {
    private static final long serialVersionUID = 1L;

    private long count;
    private double[] mean;
    private double[] m2;

    private ChannelStats(long count, double[] mean, double[] m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    /** No data yet: the neutral element of {@link #merge}. */
    public static ChannelStats empty() {
        return new ChannelStats(0, null, null);
    }

    /** Statistics of {@code count} values per channel (the same count for every channel). */
    public static ChannelStats of(long count, double[] mean, double[] m2) {
        if (mean.length != m2.length) {
            throw new IllegalArgumentException("mean and M2 differ in length");
        }
        return count == 0 ? empty() : new ChannelStats(count, mean.clone(), m2.clone());
    }

    /** Statistics of raw values laid out as values[channel][k]. Used by tests and checks. */
    public static ChannelStats ofValues(double[][] values) {
        int channels = values.length;
        long n = values[0].length;
        double[] mean = new double[channels];
        double[] m2 = new double[channels];
        for (int c = 0; c < channels; c++) {
            double sum = 0;
            for (double v : values[c]) {
                sum += v;
            }
            mean[c] = sum / n;
            double ss = 0;
            for (double v : values[c]) {
                ss += (v - mean[c]) * (v - mean[c]);
            }
            m2[c] = ss;
        }
        return of(n, mean, m2);
    }

    /** Merges {@code other} into this (Chan's formula) and returns this. */
    public ChannelStats merge(ChannelStats other) {
        if (other.count == 0) {
            return this;
        }
        if (count == 0) {
            count = other.count;
            mean = other.mean.clone();
            m2 = other.m2.clone();
            return this;
        }
        if (other.mean.length != mean.length) {
            throw new IllegalArgumentException("channel counts differ: " + mean.length + " vs " + other.mean.length);
        }
        double na = count;
        double nb = other.count;
        double n = na + nb;
        for (int c = 0; c < mean.length; c++) {
            double delta = other.mean[c] - mean[c];
            mean[c] += delta * nb / n;
            m2[c] += other.m2[c] + delta * delta * na * nb / n;
        }
        count += other.count;
        return this;
    }

    public long count() {
        return count;
    }

    public int channels() {
        return mean == null ? 0 : mean.length;
    }

    public double[] mean() {
        return mean == null ? new double[0] : mean.clone();
    }

    /** Population (biased) variance M2/n: DL4J's convention for the running variance. */
    public double[] variance() {
        double[] var = new double[channels()];
        for (int c = 0; c < var.length; c++) {
            var[c] = m2[c] / count;
        }
        return var;
    }

    public ChannelStats copy() {
        return count == 0 ? empty() : new ChannelStats(count, mean.clone(), m2.clone());
    }

    @Override
    public String toString() {
        return "ChannelStats{count=" + count + ", mean=" + Arrays.toString(mean) + "}";
    }
}
