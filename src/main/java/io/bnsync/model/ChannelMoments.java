package io.bnsync.model;

import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-channel count, mean and M2 (sum of squared deviations from the mean) of a BatchNorm layer's
 * input, in double: what the BatchNorm helper computes in each training step, what workers record per step, what
 * the driver merges. {@link #merge} is Chan et al.'s parallel update, so partial moments from any number of
 * workers combine, in any order or tree shape, into the moments of the concatenated data; an empty instance is
 * neutral.
 */
public final class ChannelMoments implements Serializable {
    private static final long serialVersionUID = 1L;

    private long count;
    private double[] mean;
    private double[] m2;

    private ChannelMoments(long count, double[] mean, double[] m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    /** No data yet: the neutral element of {@link #merge}. */
    public static ChannelMoments empty() {
        return new ChannelMoments(0, null, null);
    }

    /** Statistics of {@code count} values per channel (the same count for every channel). */
    public static ChannelMoments of(long count, double[] mean, double[] m2) {
        if (mean.length != m2.length) {
            throw new IllegalArgumentException("mean and M2 differ in length");
        }
        return count == 0 ? empty() : new ChannelMoments(count, mean.clone(), m2.clone());
    }

    /**
     * Moments of a float activation laid out as [n, channels, spatial] in row-major order (NCHW with H·W = spatial,
     * or [n, channels] with spatial = 1), of {@code values[0 .. n·channels·spatial)}. Two passes in double: first
     * the means, then squared deviations from them, so a large mean does not cancel the variance. Each (row,
     * channel) slice is contiguous, which is what makes these loops fast where ND4J's strided variance over axes
     * (0, 2, 3) is slow (docs/PERFORMANCE.md).
     */
    public static ChannelMoments of(float[] values, int n, int channels, int spatial) {
        return of(values, n, channels, spatial, 1);
    }

    /** {@link #of(float[], int, int, int)} with the channels split into {@code parts} (same result for any). */
    static ChannelMoments of(float[] values, int n, int channels, int spatial, int parts) {
        double[] mean = new double[channels];
        double[] m2 = new double[channels];
        ParallelRanges.forEach(channels, parts, (c0, c1) -> accumulate(values, n, channels, spatial, c0, c1, mean, m2));
        long count = (long) n * spatial;
        return count == 0 ? empty() : new ChannelMoments(count, mean, m2);
    }

    private static void accumulate(float[] values, int n, int channels, int spatial, int c0, int c1,
                                   double[] mean, double[] m2) {
        for (int r = 0; r < n; r++) {
            for (int c = c0; c < c1; c++) {
                mean[c] += BatchNormKernels.sum(values, (r * channels + c) * spatial, spatial);
            }
        }
        long count = (long) n * spatial;
        for (int c = c0; c < c1; c++) {
            mean[c] /= count;
        }
        for (int r = 0; r < n; r++) {
            for (int c = c0; c < c1; c++) {
                m2[c] += BatchNormKernels.squaredDeviations(values, (r * channels + c) * spatial, spatial, mean[c]);
            }
        }
    }

    /**
     * Moments of a [n, C] or [n, C, H, W] (NCHW) activation array. Float activations (the seed net's) are read
     * into {@code scratch} (reused when large enough; pass null for none) and reduced by
     * {@link #of(float[], int, int, int)}; other types through ND4J on a double copy.
     */
    public static ChannelMoments of(INDArray activations, float[] scratch) {
        if (activations.dataType() == DataType.FLOAT) {
            int spatial = activations.rank() == 4 ? Math.toIntExact(activations.size(2) * activations.size(3)) : 1;
            return of(FloatElements.read(activations, scratch), Math.toIntExact(activations.size(0)),
                    Math.toIntExact(activations.size(1)), spatial);
        }
        INDArray x = activations.castTo(DataType.DOUBLE);
        int[] dims = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
        long count = x.length() / x.size(1);
        double[] m2 = x.var(false, dims).toDoubleVector();
        for (int c = 0; c < m2.length; c++) {
            m2[c] *= count;
        }
        return of(count, x.mean(dims).toDoubleVector(), m2);
    }

    /** Moments of raw values laid out as values[channel][k]. Used by tests and checks. */
    public static ChannelMoments ofValues(double[][] values) {
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
    public ChannelMoments merge(ChannelMoments other) {
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

    /** Sums of squared deviations from the mean. */
    public double[] m2() {
        return m2 == null ? new double[0] : m2.clone();
    }

    /** Population (biased) variance M2/n: BatchNorm normalizes with it; DL4J's convention for the running variance. */
    public double[] variance() {
        double[] var = new double[channels()];
        for (int c = 0; c < var.length; c++) {
            var[c] = m2[c] / count;
        }
        return var;
    }

    public ChannelMoments copy() {
        return count == 0 ? empty() : new ChannelMoments(count, mean.clone(), m2.clone());
    }

    @Override
    public String toString() {
        return "ChannelMoments{count=" + count + ", mean=" + Arrays.toString(mean) + "}";
    }
}
