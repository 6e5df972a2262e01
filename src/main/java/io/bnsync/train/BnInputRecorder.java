package io.bnsync.train;

import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Records, during {@code fit}, the per-channel statistics of every BatchNorm layer's input at
 * each minibatch step. DL4J hands listeners the activations of the training forward pass: entry i
 * is the input of layer i (the previous layer's output), which is exactly what BatchNorm
 * normalizes (no preprocessor sits in front of the seed net's BN layers).
 */
public final class BnInputRecorder extends BaseTrainingListener {
    private final int[] bnLayers;
    private final BnStepStats stats;
    private int step;

    public BnInputRecorder(int[] bnLayers) {
        this.bnLayers = bnLayers.clone();
        this.stats = BnStepStats.empty(bnLayers.length);
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (int l = 0; l < bnLayers.length; l++) {
                stats.record(l, step, channelStats(activations.get(bnLayers[l])));
            }
        }
        step++;
    }

    /** What has been recorded so far; step k is the k-th {@code fit} call since construction. */
    public BnStepStats stats() {
        return stats;
    }

    /** Channel statistics of a [n, C] or [n, C, H, W] (NCHW) activation array, in double. */
    public static ChannelStats channelStats(INDArray activations) {
        INDArray x = activations.castTo(DataType.DOUBLE);
        int[] dims = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
        long count = x.length() / x.size(1);
        INDArray mean = x.mean(dims);
        INDArray var = x.var(false, dims);
        double[] meanValues = mean.toDoubleVector();
        double[] m2 = var.toDoubleVector();
        for (int c = 0; c < m2.length; c++) {
            m2[c] *= count;
        }
        return ChannelStats.of(count, meanValues, m2);
    }
}
