package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.model.ChannelBatchNormHelper;
import io.bnsync.model.ChannelMoments;
import io.bnsync.model.SeedNet;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class BnInputRecorderTest {
    private static final int[] BN = SeedNet.batchNormLayers();

    /** The convolutional BatchNorm layers' helpers hand over the moments of exactly the input DL4J then reports. */
    @Test
    void theHelpersHandOverTheMomentsOfTheInputTheyNormalized() {
        MultiLayerNetwork net = TrainFixtures.netWithoutDropout(11);
        List<String> checked = new ArrayList<>();
        ChannelMoments[] handed = new ChannelMoments[2];
        int[] convBn = {1, 4};
        for (int i = 0; i < convBn.length; i++) {
            int slot = i;
            ((ChannelBatchNormHelper) net.getLayer(convBn[i]).getHelper()).handMomentsTo(m -> handed[slot] = m);
        }
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                for (int i = 0; i < convBn.length; i++) {
                    ChannelMoments recomputed = ChannelMoments.of(activations.get(convBn[i]), null);
                    assertArrayEquals(recomputed.mean(), handed[i].mean(), 0.0);
                    assertArrayEquals(recomputed.variance(), handed[i].variance(), 0.0);
                    checked.add("layer " + convBn[i]);
                }
            }
        });
        net.fit(batch(4, 16));
        assertEquals(List.of("layer 1", "layer 4"), checked);
    }

    /**
     * Every BatchNorm layer's recorded step moments — handed over by a helper (convolutional layers) or computed
     * from the activations (the dense layer) — are the moments of its input in that step; after close nothing more
     * is recorded and the network has neither listener nor sink left.
     */
    @Test
    void recordsEachStepsInputMomentsOfEveryBatchNormLayerUntilClosed() {
        MultiLayerNetwork net = TrainFixtures.netWithoutDropout(12);
        List<List<ChannelMoments>> expected = new ArrayList<>();
        BaseTrainingListener inputs = new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                List<ChannelMoments> step = new ArrayList<>();
                for (int layer : BN) {
                    step.add(ChannelMoments.of(activations.get(layer), null));
                }
                expected.add(step);
            }
        };
        BnInputRecorder recorder = BnInputRecorder.attachTo(net, BN);
        net.addListeners(inputs);
        net.fit(batch(5, 16));
        net.fit(batch(6, 8));
        recorder.close();
        assertEquals(0, net.getListeners().size(), "listeners left: " + net.getListeners());
        net.fit(batch(7, 16));
        for (int l = 0; l < BN.length; l++) {
            assertEquals(2, recorder.stats().steps(l), "steps of BN layer " + l);
            for (int s = 0; s < 2; s++) {
                assertArrayEquals(expected.get(s).get(l).mean(), recorder.stats().get(l, s).mean(), 0.0);
                assertArrayEquals(expected.get(s).get(l).variance(), recorder.stats().get(l, s).variance(), 0.0);
                assertEquals(expected.get(s).get(l).count(), recorder.stats().get(l, s).count());
            }
        }
        assertTrue(expected.get(0).get(0).count() > expected.get(1).get(0).count(), "the steps differ in size");
    }

    private static DataSet batch(long seed, int size) {
        Nd4j.getRandom().setSeed(seed);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, size, 10);
        for (int i = 0; i < size; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        return new DataSet(Nd4j.rand(DataType.FLOAT, size, 784), labels);
    }
}
