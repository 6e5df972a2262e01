package io.bnsync.model;

/**
 * BatchNorm's per-element work as single loops over [n, channels, spatial] float arrays (see
 * {@link ChannelMoments} for the layout), each over the channels [c0, c1) so that {@link ParallelRanges} can split
 * them. Per-channel coefficients are computed in double by the caller; the element loops themselves are float, as
 * DL4J's layers are. Double sums use four accumulators: a single one is bound by the latency of each addition.
 */
final class BatchNormKernels {
    private BatchNormKernels() {
    }

    /** {@code out = scale[c] · x + shift[c]}: normalization folded into one affine map per channel. */
    static void affine(float[] x, float[] out, int n, int channels, int spatial, float[] scale, float[] shift,
                       int c0, int c1) {
        for (int r = 0; r < n; r++) {
            for (int c = c0; c < c1; c++) {
                int base = (r * channels + c) * spatial;
                float a = scale[c];
                float b = shift[c];
                for (int i = base; i < base + spatial; i++) {
                    out[i] = a * x[i] + b;
                }
            }
        }
    }

    /** Per channel in [c0, c1): {@code sumDy += Σ dy} and {@code sumDyX += Σ dy · x}, accumulated in double. */
    static void gradientSums(float[] x, float[] dy, int n, int channels, int spatial,
                             double[] sumDy, double[] sumDyX, int c0, int c1) {
        for (int r = 0; r < n; r++) {
            for (int c = c0; c < c1; c++) {
                int base = (r * channels + c) * spatial;
                sumDy[c] += sum(dy, base, spatial);
                sumDyX[c] += sumOfProducts(dy, x, base, spatial);
            }
        }
    }

    /** {@code dx = a[c] · dy + b[c] · x + d[c]}: BatchNorm's input gradient, expanded per channel. */
    static void inputGradient(float[] x, float[] dy, float[] dx, int n, int channels, int spatial,
                              float[] a, float[] b, float[] d, int c0, int c1) {
        for (int r = 0; r < n; r++) {
            for (int c = c0; c < c1; c++) {
                int base = (r * channels + c) * spatial;
                float ac = a[c];
                float bc = b[c];
                float dc = d[c];
                for (int i = base; i < base + spatial; i++) {
                    dx[i] = ac * dy[i] + bc * x[i] + dc;
                }
            }
        }
    }

    /** Σ v[from .. from + length) in double. */
    static double sum(float[] v, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int end4 = from + (length & ~3); i < end4; i += 4) {
            s0 += v[i];
            s1 += v[i + 1];
            s2 += v[i + 2];
            s3 += v[i + 3];
        }
        for (int end = from + length; i < end; i++) {
            s0 += v[i];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ (v − mu)² over v[from .. from + length) in double. */
    static double squaredDeviations(float[] v, int from, int length, double mu) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int end4 = from + (length & ~3); i < end4; i += 4) {
            double d0 = v[i] - mu;
            double d1 = v[i + 1] - mu;
            double d2 = v[i + 2] - mu;
            double d3 = v[i + 3] - mu;
            s0 += d0 * d0;
            s1 += d1 * d1;
            s2 += d2 * d2;
            s3 += d3 * d3;
        }
        for (int end = from + length; i < end; i++) {
            double d = v[i] - mu;
            s0 += d * d;
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ a · b over [from .. from + length) in double. */
    static double sumOfProducts(float[] a, float[] b, int from, int length) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int i = from;
        for (int end4 = from + (length & ~3); i < end4; i += 4) {
            s0 += (double) a[i] * b[i];
            s1 += (double) a[i + 1] * b[i + 1];
            s2 += (double) a[i + 2] * b[i + 2];
            s3 += (double) a[i + 3] * b[i + 3];
        }
        for (int end = from + length; i < end; i++) {
            s0 += (double) a[i] * b[i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
