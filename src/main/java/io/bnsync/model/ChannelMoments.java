package io.bnsync.model;

/**
 * Per-channel mean and M2 (sum of squared deviations) of a float activation laid out as
 * [n, channels, spatial] in row-major order (NCHW with H·W = spatial, or [n, channels] with
 * spatial = 1). Two passes in double: first the means, then squared deviations from them, so a
 * large mean does not cancel the variance. Each (row, channel) slice is contiguous, which is what
 * makes these loops fast where ND4J's strided variance over axes (0, 2, 3) is slow.
 */
public final class ChannelMoments {
    private final long count;
    private final double[] mean;
    private final double[] m2;

    private ChannelMoments(long count, double[] mean, double[] m2) {
        this.count = count;
        this.mean = mean;
        this.m2 = m2;
    }

    /** Moments of {@code values[0 .. n·channels·spatial)}. */
    public static ChannelMoments of(float[] values, int n, int channels, int spatial) {
        double[] mean = new double[channels];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < channels; c++) {
                int base = (r * channels + c) * spatial;
                double sum = 0;
                for (int i = 0; i < spatial; i++) {
                    sum += values[base + i];
                }
                mean[c] += sum;
            }
        }
        long count = (long) n * spatial;
        for (int c = 0; c < channels; c++) {
            mean[c] /= count;
        }
        double[] m2 = new double[channels];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < channels; c++) {
                int base = (r * channels + c) * spatial;
                double mu = mean[c];
                double squares = 0;
                for (int i = 0; i < spatial; i++) {
                    double d = values[base + i] - mu;
                    squares += d * d;
                }
                m2[c] += squares;
            }
        }
        return new ChannelMoments(count, mean, m2);
    }

    /** Values per channel. */
    public long count() {
        return count;
    }

    public double[] mean() {
        return mean.clone();
    }

    /** Sums of squared deviations from the mean. */
    public double[] m2() {
        return m2.clone();
    }

    /** Biased (population) variance M2 / count, as BatchNorm normalizes with. */
    public double[] variance() {
        double[] var = new double[m2.length];
        for (int c = 0; c < var.length; c++) {
            var[c] = m2[c] / count;
        }
        return var;
    }
}
