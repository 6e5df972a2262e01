package io.bnsync.train;

import io.bnsync.model.ChannelBatchNormHelper;
import io.bnsync.model.ChannelMoments;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Records, during {@code fit}, the per-channel moments of every BatchNorm layer's input at each minibatch step. A
 * layer whose {@link ChannelBatchNormHelper} normalizes the step hands its batch moments over (computed once, in
 * the forward pass). For any other layer they are computed from the activations DL4J hands listeners after the
 * forward pass: entry i is the input of layer i, which is exactly what BatchNorm normalizes (no preprocessor sits
 * in front of the seed net's BN layers). {@link #close} detaches the recorder, before the network is used again.
 */
public final class BnInputRecorder extends BaseTrainingListener implements AutoCloseable {
    private final MultiLayerNetwork net;
    private final int[] bnLayers;
    private final BnStepStats stats;
    /** This step's moments as the layers' helpers handed them over; null where none did. */
    private final ChannelMoments[] handedOver;
    private float[] scratch = new float[0];
    private int step;

    private BnInputRecorder(MultiLayerNetwork net, int[] bnLayers) {
        this.net = net;
        this.bnLayers = bnLayers.clone();
        this.stats = BnStepStats.empty(bnLayers.length);
        this.handedOver = new ChannelMoments[bnLayers.length];
    }

    /** A recorder of {@code net}'s BatchNorm layers {@code bnLayers}, now its only listener. */
    public static BnInputRecorder attachTo(MultiLayerNetwork net, int[] bnLayers) {
        BnInputRecorder recorder = new BnInputRecorder(net, bnLayers);
        net.setListeners(recorder);
        for (int l = 0; l < bnLayers.length; l++) {
            int layer = l;
            if (net.getLayer(bnLayers[l]).getHelper() instanceof ChannelBatchNormHelper helper) {
                helper.handMomentsTo(moments -> recorder.handedOver[layer] = moments);
            }
        }
        return recorder;
    }

    @Override
    public void onForwardPass(Model model, List<INDArray> activations) {
        try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
            for (int l = 0; l < bnLayers.length; l++) {
                ChannelMoments moments = handedOver[l] != null ? handedOver[l] : computed(activations.get(bnLayers[l]));
                stats.record(l, step, moments);
                handedOver[l] = null;
            }
        }
        step++;
    }

    /** The moments of a layer whose helper did not hand them over, read through a buffer kept across steps. */
    private ChannelMoments computed(INDArray input) {
        if (scratch.length < input.length()) {
            scratch = new float[Math.toIntExact(input.length())];
        }
        return ChannelMoments.of(input, scratch);
    }

    /** What has been recorded so far; step k is the k-th {@code fit} call since {@link #attachTo}. */
    public BnStepStats stats() {
        return stats;
    }

    /** Removes this recorder from the network and its helpers. */
    @Override
    public void close() {
        net.setListeners();
        for (int layer : bnLayers) {
            if (net.getLayer(layer).getHelper() instanceof ChannelBatchNormHelper helper) {
                helper.handMomentsTo(null);
            }
        }
    }
}
