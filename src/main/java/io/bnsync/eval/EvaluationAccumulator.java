package io.bnsync.eval;

import io.bnsync.data.MnistDataset;
import io.bnsync.model.DigitPredictions;
import java.io.Serializable;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Running totals for a classification evaluation: a confusion matrix and the summed negative
 * log-likelihood. Mutable and {@link Serializable} so partial results from separate shards (e.g.
 * Spark's {@code treeAggregate}) can be combined with {@link #merge}; the final numbers come from
 * {@link #toReport()}.
 */
public final class EvaluationAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Floor for p(true class) so a confident wrong answer costs a large but finite loss. */
    public static final double MIN_PROBABILITY = 1e-12;

    private final long[][] confusion;
    private double lossSum;

    /** An empty accumulator for MNIST's ten classes. */
    public EvaluationAccumulator() {
        this(MnistDataset.CLASSES);
    }

    public EvaluationAccumulator(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
        }
        this.confusion = new long[numClasses][numClasses];
    }

    public int numClasses() {
        return confusion.length;
    }

    /** Samples added so far. */
    public long count() {
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        return n;
    }

    /**
     * One sample: the predicted class is the most probable one (the lowest index on ties) and the
     * loss is {@code -log(max(p[trueClass], 1e-12))}.
     */
    public void add(int trueClass, double[] probabilities) {
        if (probabilities.length != numClasses()) {
            throw new IllegalArgumentException("expected " + numClasses() + " probabilities, got " + probabilities.length);
        }
        if (trueClass < 0 || trueClass >= numClasses()) {
            throw new IllegalArgumentException("class " + trueClass + " outside 0.." + (numClasses() - 1));
        }
        int predicted = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[predicted]) {
                predicted = c;
            }
        }
        confusion[trueClass][predicted]++;
        lossSum += -Math.log(Math.max(probabilities[trueClass], MIN_PROBABILITY));
    }

    /** A minibatch: {@code probabilities} is [n, classes] network output, {@code oneHotLabels} the same shape. */
    public void add(INDArray probabilities, INDArray oneHotLabels) {
        if (!Arrays.equals(probabilities.shape(), oneHotLabels.shape())) {
            throw new IllegalArgumentException("probabilities " + Arrays.toString(probabilities.shape())
                    + " and labels " + Arrays.toString(oneHotLabels.shape()) + " differ in shape");
        }
        // In double, so the loss of a large evaluation set does not lose precision in float sums.
        double[][] p = probabilities.toDoubleMatrix();
        double[][] y = oneHotLabels.toDoubleMatrix();
        for (int i = 0; i < p.length; i++) {
            add(DigitPredictions.digit(y[i]), p[i]);
        }
    }

    /** Adds {@code other}'s totals into this one and returns this (for reduce/aggregate calls). */
    public EvaluationAccumulator merge(EvaluationAccumulator other) {
        if (other.numClasses() != numClasses()) {
            throw new IllegalArgumentException("cannot merge " + other.numClasses() + " classes into " + numClasses());
        }
        for (int t = 0; t < confusion.length; t++) {
            for (int p = 0; p < confusion.length; p++) {
                confusion[t][p] += other.confusion[t][p];
            }
        }
        lossSum += other.lossSum;
        return this;
    }

    /** The totals so far as an immutable report; mean loss is 0 when nothing was added. */
    public EvaluationReport toReport() {
        long n = count();
        return new EvaluationReport(confusion, n == 0 ? 0.0 : lossSum / n);
    }
}
