package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Sgd;

class NativeBackendTest {
    @Test
    void prefersAvx512ThenOnednnThenPortable() {
        assertEquals("-onednn-avx512", NativeBackend.chooseExtension(" fpu avx2 avx512f avx512dq avx512bw avx512vl "));
        assertEquals("-onednn", NativeBackend.chooseExtension(" fpu avx2 "));
        assertEquals("-onednn", NativeBackend.chooseExtension(" fpu sse4_2 avx512f "));
    }

    @Test
    void onednnHelpersAreActiveInTheSeedNet() {
        MultiLayerNetwork net = SeedNet.create(3, new Sgd(0.1));
        Assumptions.assumeTrue(NativeBackend.extension().contains("onednn"), "portable natives: no oneDNN");
        for (int layer : new int[] {0, 3, 6}) {
            assertNotNull(net.getLayer(layer).getHelper(), "layer " + layer + " has no helper");
            assertTrue(net.getLayer(layer).getHelper().getClass().getSimpleName().startsWith("MKLDNN"),
                    net.getLayer(layer).getHelper().getClass().getName());
        }
        for (int layer : SeedNet.batchNormLayers()) {
            assertTrue(net.getLayer(layer).getHelper() instanceof ChannelBatchNormHelper,
                    "BatchNorm layer " + layer + " holds " + net.getLayer(layer).getHelper());
        }
    }
}
