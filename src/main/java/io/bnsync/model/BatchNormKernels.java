package io.bnsync.model;

/**
 * BatchNorm's per-element work as single loops over [n, channels, spatial] float arrays (see
 * {@link ChannelMoments} for the layout). Per-channel coefficients are computed in double by the
 * caller; the loops themselves are float, as DL4J's layers are.
 */
final class BatchNormKernels {
    private BatchNormKernels() {
    }

    /** {@code out = scale[c] · x + shift[c]}: normalization folded into one affine map per channel. */
    static void affine(float[] x, float[] out, int n, int channels, int spatial, float[] scale, float[] shift) {
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < channels; c++) {
                int base = (r * channels + c) * spatial;
                float a = scale[c];
                float b = shift[c];
                for (int i = base; i < base + spatial; i++) {
                    out[i] = a * x[i] + b;
                }
            }
        }
    }

    /** Per channel: {@code sumDy += Σ dy} and {@code sumDyX += Σ dy · x}, accumulated in double. */
    static void gradientSums(float[] x, float[] dy, int n, int channels, int spatial,
                             double[] sumDy, double[] sumDyX) {
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < channels; c++) {
                int base = (r * channels + c) * spatial;
                double s = 0;
                double sx = 0;
                for (int i = base; i < base + spatial; i++) {
                    s += dy[i];
                    sx += (double) dy[i] * x[i];
                }
                sumDy[c] += s;
                sumDyX[c] += sx;
            }
        }
    }

    /** {@code dx = a[c] · dy + b[c] · x + d[c]}: BatchNorm's input gradient, expanded per channel. */
    static void inputGradient(float[] x, float[] dy, float[] dx, int n, int channels, int spatial,
                              float[] a, float[] b, float[] d) {
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < channels; c++) {
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
}
