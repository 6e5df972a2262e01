package io.bnsync.model;

import io.bnsync.data.DigitInput;
import io.bnsync.data.MnistDataset;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class probabilities of single digits from a trained net, in inference mode (running BatchNorm
 * statistics, no dropout). Features are built by {@link MnistBatches}, exactly as in training and
 * evaluation, so a digit gets the same probabilities here as in {@code evaluate}.
 */
public final class DigitPredictions {
    /** Bounds the memory of one forward pass; the result does not depend on it. */
    static final int BATCH_SIZE = 256;

    private DigitPredictions() {
    }

    /** One row of 10 probabilities per input, in input order. */
    public static double[][] probabilities(MultiLayerNetwork net, List<DigitInput> digits) {
        return probabilities(net, asDataset(digits));
    }

    /** One row of 10 probabilities per image, in order (labels are ignored). */
    public static double[][] probabilities(MultiLayerNetwork net, MnistDataset images) {
        double[][] probabilities = new double[images.size()][];
        for (int from = 0; from < images.size(); from += BATCH_SIZE) {
            int to = Math.min(images.size(), from + BATCH_SIZE);
            INDArray output = net.output(MnistBatches.batch(images, from, to).getFeatures(), false);
            double[][] rows = output.toDoubleMatrix();
            System.arraycopy(rows, 0, probabilities, from, rows.length);
        }
        return probabilities;
    }

    /** The most probable digit; the lower one on a tie. */
    public static int digit(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Labels are unknown; MnistBatches needs some, and inference ignores them. */
    private static MnistDataset asDataset(List<DigitInput> digits) {
        byte[] pixels = new byte[digits.size() * MnistDataset.PIXELS];
        for (int i = 0; i < digits.size(); i++) {
            System.arraycopy(digits.get(i).pixels(), 0, pixels, i * MnistDataset.PIXELS, MnistDataset.PIXELS);
        }
        return new MnistDataset(pixels, new byte[digits.size()]);
    }
}
