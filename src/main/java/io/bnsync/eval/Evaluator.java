package io.bnsync.eval;

import io.bnsync.data.MnistDataset;
import io.bnsync.model.MnistBatches;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Evaluates a network on MNIST in inference mode, so BatchNorm uses its running statistics and
 * dropout is off (PyTorch's {@code model.eval()}).
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Accuracy, loss and confusion matrix of {@code net} over all of {@code data}. */
    public static EvaluationReport evaluate(MultiLayerNetwork net, MnistDataset data, int batchSize) {
        return accumulate(net, data, batchSize).toReport();
    }

    /**
     * The un-finished totals over {@code data}, for callers that combine several shards (e.g. one
     * per Spark partition) with {@link EvaluationAccumulator#merge} before building the report.
     */
    public static EvaluationAccumulator accumulate(MultiLayerNetwork net, MnistDataset data, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        EvaluationAccumulator totals = new EvaluationAccumulator();
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(from + batchSize, data.size());
            DataSet batch = MnistBatches.batch(data, from, to);
            INDArray probabilities = net.output(batch.getFeatures(), false);
            totals.add(probabilities, batch.getLabels());
        }
        return totals;
    }
}
