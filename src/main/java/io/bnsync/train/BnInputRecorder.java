package io.bnsync.train;

import io.bnsync.model.ChannelBatchNormHelper;
import io.bnsync.model.ChannelMoments;
import io.bnsync.model.FloatElements;
import java.util.List;
import java.util.Optional;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
    private float[] scratch;
    private int step;

    public BnInputRecorder(int[] bnLayers) {
        this.bnLayers = bnLayers.clone();
        this.stats = BnStepStats.empty(bnLayers.length);
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (int l = 0; l < bnLayers.length; l++) {
                INDArray input = activations.get(bnLayers[l]);
                ChannelStats inputStats = momentsFromHelper(model, bnLayers[l], input)
                        .map(m -> ChannelStats.of(m.count(), m.mean(), m.m2()))
                        .orElseGet(() -> statsReusingScratch(input));
                stats.record(l, step, inputStats);
            }
        }
        step++;
    }

    /**
     * The statistics the layer's {@link ChannelBatchNormHelper} already computed from this very
     * input in this step's forward pass (the same loops on the same numbers), if it did.
     */
    private static Optional<ChannelMoments> momentsFromHelper(Model model, int layer, INDArray input) {
        if (model instanceof MultiLayerNetwork net
                && net.getLayer(layer).getHelper() instanceof ChannelBatchNormHelper helper) {
            return helper.momentsOf(input);
        }
        return Optional.empty();
    }

    /** As {@link #channelStats(INDArray)}, copying float activations into one buffer kept across steps. */
    private ChannelStats statsReusingScratch(INDArray input) {
        if (input.dataType() != DataType.FLOAT) {
            return channelStats(input);
        }
        scratch = FloatElements.read(input, scratch);
        return channelStats(input, scratch);
    }

    /** What has been recorded so far; step k is the k-th {@code fit} call since construction. */
    public BnStepStats stats() {
        return stats;
    }

    /**
     * Channel statistics of a [n, C] or [n, C, H, W] (NCHW) activation array, in double. Float
     * activations (the seed net's) are read once and reduced in two contiguous passes
     * ({@link ChannelMoments}); ND4J's strided variance over axes (0, 2, 3) on a double copy was
     * a large share of each worker step (docs/PERFORMANCE.md).
     */
    public static ChannelStats channelStats(INDArray activations) {
        if (activations.dataType() == DataType.FLOAT) {
            return channelStats(activations, FloatElements.read(activations, null));
        }
        INDArray x = activations.castTo(DataType.DOUBLE);
        int[] dims = x.rank() == 4 ? new int[] {0, 2, 3} : new int[] {0};
        long count = x.length() / x.size(1);
        double[] meanValues = x.mean(dims).toDoubleVector();
        double[] m2 = x.var(false, dims).toDoubleVector();
        for (int c = 0; c < m2.length; c++) {
            m2[c] *= count;
        }
        return ChannelStats.of(count, meanValues, m2);
    }

    /** Statistics of a float activation whose elements, in row-major order, are {@code elements}. */
    private static ChannelStats channelStats(INDArray activations, float[] elements) {
        int spatial = activations.rank() == 4 ? Math.toIntExact(activations.size(2) * activations.size(3)) : 1;
        ChannelMoments moments = ChannelMoments.of(elements, Math.toIntExact(activations.size(0)),
                Math.toIntExact(activations.size(1)), spatial);
        return ChannelStats.of(moments.count(), moments.mean(), moments.m2());
    }
}
