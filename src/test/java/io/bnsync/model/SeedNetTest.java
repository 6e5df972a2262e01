package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossNegativeLogLikelihood;

class SeedNetTest {
    private final MultiLayerNetwork net = SeedNet.create(1, new Sgd(0.1));

    private List<Layer> layers() {
        return net.getLayerWiseConfigurations().getConfs().stream().map(c -> c.getLayer()).toList();
    }

    @Test
    void layerSequenceIsTheSeedNet() {
        List<Class<?>> expected = List.of(ConvolutionLayer.class, BatchNormalization.class, ActivationLayer.class,
                ConvolutionLayer.class, BatchNormalization.class, ActivationLayer.class, SubsamplingLayer.class,
                DropoutLayer.class, DenseLayer.class, BatchNormalization.class, ActivationLayer.class, OutputLayer.class);
        List<Layer> layers = layers();
        assertEquals(expected.size(), layers.size());
        for (int i = 0; i < expected.size(); i++) {
            assertInstanceOf(expected.get(i), layers.get(i), "layer " + i);
        }
        ConvolutionLayer conv1 = (ConvolutionLayer) layers.get(0);
        ConvolutionLayer conv2 = (ConvolutionLayer) layers.get(3);
        assertEquals(1, conv1.getNIn());
        assertEquals(32, conv1.getNOut());
        assertEquals(32, conv2.getNIn());
        assertEquals(64, conv2.getNOut());
        assertEquals(3, conv1.getKernelSize()[0]);
        assertEquals(1, conv1.getStride()[0]);
        assertEquals(9216, ((DenseLayer) layers.get(8)).getNIn());
        assertEquals(128, ((DenseLayer) layers.get(8)).getNOut());
        assertEquals(10, ((OutputLayer) layers.get(11)).getNOut());
        assertInstanceOf(LossNegativeLogLikelihood.class, ((OutputLayer) layers.get(11)).getLossFn());
        SubsamplingLayer pool = (SubsamplingLayer) layers.get(6);
        assertEquals(org.deeplearning4j.nn.conf.layers.PoolingType.MAX, pool.getPoolingType());
        assertEquals(2, pool.getKernelSize()[0]);
    }

    @Test
    void batchNormSettingsMatchPyTorchDefaults() {
        int[] bn = SeedNet.batchNormLayers();
        int[] channels = {32, 64, 128};
        for (int i = 0; i < bn.length; i++) {
            BatchNormalization layer = (BatchNormalization) layers().get(bn[i]);
            assertEquals(1e-5, layer.getEps());
            assertEquals(0.9, layer.getDecay());
            assertTrue(layer.isUseLogStd());
            assertEquals(channels[i], layer.getNOut());
        }
    }

    @Test
    void parameterCountsMatchTheSpecification() {
        long running = 0;
        for (int i : SeedNet.batchNormLayers()) {
            running += net.getLayer(i).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).length();
            running += net.getLayer(i).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).length();
        }
        assertEquals(448, running);
        assertEquals(1_200_778, net.numParams());
        assertEquals(1_200_330, net.numParams() - running);
        assertEquals(SeedNet.TOTAL_PARAMS, net.numParams());
    }

    @Test
    void dropoutDropsAQuarter() {
        DropoutLayer dropout = (DropoutLayer) layers().get(7);
        assertEquals(0.75, ((org.deeplearning4j.nn.conf.dropout.Dropout) dropout.getIDropout()).getP());
    }
}
