package io.bnsync.model;

import io.bnsync.data.MnistDataset;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns rows of an {@link MnistDataset} into DL4J minibatches: pixels scaled to [0,1], then
 * normalized with MNIST's mean 0.1307 and std 0.3081 (as PyTorch's example), one-hot labels.
 * Features are flat [n, 784]; the net's input type reshapes them to [n, 1, 28, 28].
 */
public final class MnistBatches {
    public static final double MEAN = 0.1307;
    public static final double STD = 0.3081;

    private static final float[] NORMALIZED = new float[256];

    static {
        for (int v = 0; v < 256; v++) {
            NORMALIZED[v] = (float) ((v / 255.0 - MEAN) / STD);
        }
    }

    private MnistBatches() {
    }

    /** Rows {@code [from, to)} as one minibatch. */
    public static DataSet batch(MnistDataset data, int from, int to) {
        int n = to - from;
        float[] features = new float[n * MnistDataset.PIXELS];
        float[] labels = new float[n * MnistDataset.CLASSES];
        for (int k = 0; k < n; k++) {
            int row = from + k;
            int base = k * MnistDataset.PIXELS;
            for (int p = 0; p < MnistDataset.PIXELS; p++) {
                features[base + p] = NORMALIZED[data.pixel(row, p)];
            }
            labels[k * MnistDataset.CLASSES + data.label(row)] = 1f;
        }
        INDArray f = Nd4j.create(features, new long[] {n, MnistDataset.PIXELS}, 'c');
        INDArray l = Nd4j.create(labels, new long[] {n, MnistDataset.CLASSES}, 'c');
        return new DataSet(f, l);
    }

    /** Number of minibatches of {@code batchSize} covering {@code size} rows (last one partial). */
    public static int batchCount(int size, int batchSize) {
        return (size + batchSize - 1) / batchSize;
    }
}
