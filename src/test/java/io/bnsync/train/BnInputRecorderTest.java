package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.model.ChannelBatchNormHelper;
import io.bnsync.model.ChannelMoments;
import io.bnsync.model.NativeBackend;
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

    /** The float fast path against the same statistics computed by ND4J on a double copy. */
    private static void assertMatchesDoubleNd4j(INDArray floats) {
        ChannelStats fast = BnInputRecorder.channelStats(floats);
        ChannelStats reference = BnInputRecorder.channelStats(floats.castTo(DataType.DOUBLE));
        assertEquals(reference.count(), fast.count());
        double[] em = reference.mean();
        double[] am = fast.mean();
        double[] ev = reference.variance();
        double[] av = fast.variance();
        assertEquals(em.length, am.length);
        for (int c = 0; c < em.length; c++) {
            assertTrue(Math.abs(em[c] - am[c]) <= 1e-10 * Math.max(1, Math.abs(em[c])), "mean, channel " + c);
            assertTrue(Math.abs(ev[c] - av[c]) <= 1e-9 * ev[c], "variance, channel " + c + ": " + ev[c] + " vs " + av[c]);
        }
    }

    @Test
    void convolutionalStatisticsEqualNd4jsInDouble() {
        NativeBackend.configure();
        Nd4j.getRandom().setSeed(1);
        assertMatchesDoubleNd4j(Nd4j.randn(DataType.FLOAT, 6, 5, 7, 3).muli(2).addi(1));
    }

    @Test
    void largeMeansDoNotCancelTheVariance() {
        NativeBackend.configure();
        Nd4j.getRandom().setSeed(2);
        assertMatchesDoubleNd4j(Nd4j.randn(DataType.FLOAT, 64, 4, 6, 6).addi(1000));
    }

    @Test
    void denseAndViewStatisticsEqualNd4jsInDouble() {
        NativeBackend.configure();
        Nd4j.getRandom().setSeed(3);
        assertMatchesDoubleNd4j(Nd4j.randn(DataType.FLOAT, 33, 9));
        INDArray fOrder = Nd4j.randn(DataType.FLOAT, 10, 4, 3, 3).dup('f');
        assertMatchesDoubleNd4j(fOrder);
    }

    /**
     * In training, the recorder takes the convolutional BatchNorm layers' statistics from their
     * helper (computed once in the forward pass) and they equal a recomputation from the inputs.
     */
    @Test
    void convolutionalLayersReuseTheHelpersMomentsAndTheyMatchARecomputation() {
        MultiLayerNetwork net = TrainFixtures.netWithoutDropout(11);
        List<String> checked = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                for (int layer : new int[] {1, 4}) {
                    ChannelBatchNormHelper helper = (ChannelBatchNormHelper) net.getLayer(layer).getHelper();
                    ChannelMoments fromHelper = helper.momentsOf(activations.get(layer)).orElseThrow();
                    ChannelStats recomputed = BnInputRecorder.channelStats(activations.get(layer));
                    assertArrayEquals(recomputed.mean(), fromHelper.mean(), 0.0);
                    assertArrayEquals(recomputed.variance(), fromHelper.variance(), 0.0);
                    checked.add("layer " + layer);
                }
            }
        });
        Nd4j.getRandom().setSeed(4);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        net.fit(new DataSet(Nd4j.rand(DataType.FLOAT, 16, 784), labels));
        assertEquals(List.of("layer 1", "layer 4"), checked);
    }
}
