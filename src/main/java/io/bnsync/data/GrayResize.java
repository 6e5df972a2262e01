package io.bnsync.data;

/**
 * Resizes a gray image held as doubles, separably per axis: area averaging where an axis shrinks
 * (every source pixel contributes by how much of it an output pixel covers, so thin strokes are
 * not lost as with point sampling), bilinear interpolation where it grows. An axis of unchanged
 * length is copied exactly.
 */
final class GrayResize {
    private GrayResize() {
    }

    /** {@code pixels} is row-major {@code height x width}; returns row-major {@code toHeight x toWidth}. */
    static double[] resize(double[] pixels, int width, int height, int toWidth, int toHeight) {
        double[][] xWeights = weights(width, toWidth);
        double[][] yWeights = weights(height, toHeight);
        double[] rows = new double[height * toWidth];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < toWidth; x++) {
                rows[y * toWidth + x] = weighted(xWeights[x], pixels, y * width, 1);
            }
        }
        double[] out = new double[toHeight * toWidth];
        for (int y = 0; y < toHeight; y++) {
            for (int x = 0; x < toWidth; x++) {
                out[y * toWidth + x] = weighted(yWeights[y], rows, x, toWidth);
            }
        }
        return out;
    }

    /** Sum over source index i of weight(i) * pixel at {@code offset + i * stride}. */
    private static double weighted(double[] weights, double[] pixels, int offset, int stride) {
        double sum = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                sum += weights[i] * pixels[offset + i * stride];
            }
        }
        return sum;
    }

    /** For each output index, the weight of every source index (dense; images here are small). */
    private static double[][] weights(int from, int to) {
        double[][] w = new double[to][from];
        if (from >= to) {
            double scale = (double) from / to;
            for (int o = 0; o < to; o++) {
                double start = o * scale;
                double end = start + scale;
                for (int i = (int) Math.floor(start); i < Math.min(from, (int) Math.ceil(end)); i++) {
                    double overlap = Math.min(end, i + 1) - Math.max(start, i);
                    w[o][i] = overlap / scale;
                }
            }
        } else {
            for (int o = 0; o < to; o++) {
                // Pixel centres aligned, as most image libraries do.
                double source = Math.max(0, Math.min(from - 1, (o + 0.5) * from / to - 0.5));
                int left = (int) Math.floor(source);
                int right = Math.min(from - 1, left + 1);
                double t = source - left;
                w[o][left] += 1 - t;
                w[o][right] += t;
            }
        }
        return w;
    }
}
