package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.util.Map;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.nativeblas.NativeOpsHolder;

class NativeRuntimeTest {
    @Test
    void useThreadsSetsTheCallingThreadsOpenMpTeamAndTheProcesssNd4jAndOpenBlasThreads() throws Exception {
        Nd4j.create(1); // loads the natives
        var ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        int master = Nd4j.getEnvironment().maxMasterThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        int[] seen = new int[6];
        Thread task = new Thread(() -> {
            NativeRuntime.useThreads(1);
            seen[0] = ops.ompGetMaxThreads();
            seen[1] = Nd4j.getEnvironment().maxMasterThreads();
            seen[2] = Nd4j.factory().blas().getMaxThreads();
            NativeRuntime.useThreads(2);
            seen[3] = ops.ompGetMaxThreads();
            seen[4] = Nd4j.getEnvironment().maxMasterThreads();
            seen[5] = Nd4j.factory().blas().getMaxThreads();
        });
        ops.setOmpNumThreads(2);
        int before = ops.ompGetMaxThreads();
        try {
            task.start();
            task.join();
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(master);
            Nd4j.factory().blas().setMaxThreads(blas);
        }
        assertArrayEquals(new int[] {1, 1, 1, 2, 2, 2}, seen);
        assertEquals(before, ops.ompGetMaxThreads(), "another thread's OpenMP team size is its own");
    }

    @Test
    void prefersAvx512ThenOnednnThenPortable() {
        assertEquals("-onednn-avx512", NativeRuntime.chooseExtension(" fpu avx2 avx512f avx512dq avx512bw avx512vl "));
        assertEquals("-onednn", NativeRuntime.chooseExtension(" fpu avx2 "));
        assertEquals("-onednn", NativeRuntime.chooseExtension(" fpu sse4_2 avx512f "));
    }

    @Test
    void cachingTheConvolutionsPreOutputForBackpropChangesNoBitOfTraining() {
        MultiLayerNetwork cached = SeedNet.create(3, new Sgd(0.1));
        MultiLayerNetwork recomputed = SeedNet.create(3, new Sgd(0.1));
        assertEquals(CacheMode.DEVICE, cached.getLayerWiseConfigurations().getCacheMode());
        recomputed.getLayerWiseConfigurations().setCacheMode(CacheMode.NONE);
        recomputed.setCacheMode(CacheMode.NONE);
        Nd4j.getRandom().setSeed(11);
        INDArray features = Nd4j.randn(DataType.FLOAT, 16, 1, 28, 28);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 16, 10);
        for (int i = 0; i < 16; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        for (int step = 0; step < 3; step++) {
            for (MultiLayerNetwork net : new MultiLayerNetwork[] {cached, recomputed}) {
                Nd4j.getRandom().setSeed(100 + step); // the same dropout masks for both
                net.fit(features, labels);
            }
        }
        float[] a = cached.params().dup().data().asFloat();
        float[] b = recomputed.params().dup().data().asFloat();
        assertEquals(a.length, b.length);
        for (int i = 0; i < a.length; i++) {
            assertEquals(Float.floatToRawIntBits(a[i]), Float.floatToRawIntBits(b[i]), "parameter " + i);
        }
    }

    @Test
    void onednnHelpersAreActiveInTheSeedNet() {
        MultiLayerNetwork net = SeedNet.create(3, new Sgd(0.1));
        Assumptions.assumeTrue(NativeRuntime.extension().contains("onednn"), "portable natives: no oneDNN");
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

    @Test
    void aPreparedSeedNetPassesTheSelfCheckAndSaysWhatIsInEffect() {
        MultiLayerNetwork net = SeedNet.create(3, new Sgd(0.1));
        Assumptions.assumeTrue(NativeRuntime.extension().contains("onednn"), "portable natives: no oneDNN");
        assertEquals("", NativeRuntime.missingHelpers(net));
        assertEquals(Map.of("extension", NativeRuntime.extension(), "onednn_helpers", true, "batchnorm_helper",
                "channel", "gomp_spincount", System.getenv().getOrDefault("GOMP_SPINCOUNT", "default")),
                NativeRuntime.status(net));
    }

    @Test
    void aNetworkWithoutTheBatchNormHelperOrTheOnednnHelpersIsRefusedLoudly() throws Exception {
        Assumptions.assumeTrue(NativeRuntime.extension().contains("onednn"), "portable natives: no oneDNN");
        MultiLayerNetwork plain = new MultiLayerNetwork(SeedNet.configuration(3, new Sgd(0.1)));
        plain.init(); // DL4J's own BatchNorm helper
        assertTrue(NativeRuntime.missingHelpers(plain).startsWith("this project's BatchNorm helper is not in effect"),
                NativeRuntime.missingHelpers(plain));
        assertEquals("dl4j", NativeRuntime.status(plain).get("batchnorm_helper"));

        MultiLayerNetwork net = SeedNet.create(3, new Sgd(0.1));
        Field helper = org.deeplearning4j.nn.layers.convolution.ConvolutionLayer.class.getDeclaredField("helper");
        helper.setAccessible(true);
        helper.set(net.getLayer(3), null); // as when ND4J loaded before NativeRuntime.start()
        assertEquals(false, NativeRuntime.status(net).get("onednn_helpers"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> NativeRuntime.prepare(net));
        assertTrue(e.getMessage().startsWith("DL4J's oneDNN layer helpers are not in effect"), e.getMessage());
        assertTrue(e.getMessage().contains("spark.plugins=io.bnsync.train.NativeStartupPlugin"), e.getMessage());
    }
}
