package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.mkldnn.MKLDNNBatchNormHelper;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

class ChannelBatchNormHelperTest {
    private static final double EPS = 1e-5;

    /** One training forward and backward pass of a helper on the same arrays. */
    private record Pass(INDArray out, INDArray mean, INDArray var, INDArray dx, INDArray dGamma, INDArray dBeta) {
        static Pass run(BatchNormalizationHelper helper, INDArray x, INDArray dy, INDArray gamma, INDArray beta) {
            LayerWorkspaceMgr ws = LayerWorkspaceMgr.noWorkspaces();
            long c = x.size(1);
            INDArray out = helper.preOutput(x, true, x.shape(), gamma, beta, Nd4j.zeros(DataType.FLOAT, c),
                    Nd4j.ones(DataType.FLOAT, c), 0.9, EPS, CNN2DFormat.NCHW, ws).dup();
            INDArray dGamma = Nd4j.zeros(DataType.FLOAT, 1, c);
            INDArray dBeta = Nd4j.zeros(DataType.FLOAT, 1, c);
            Pair<Gradient, INDArray> g = helper.backpropGradient(x, dy, x.shape(), gamma, beta, dGamma, dBeta, EPS,
                    CNN2DFormat.NCHW, ws);
            return new Pass(out, helper.getMeanCache(DataType.FLOAT).dup(), helper.getVarCache(DataType.FLOAT).dup(),
                    g.getSecond().dup(), dGamma, dBeta);
        }
    }

    private static void assertClose(String what, INDArray expected, INDArray actual, double relTol) {
        double scale = Math.max(1e-6, expected.amaxNumber().doubleValue());
        double diff = expected.reshape(expected.length()).sub(actual.reshape(actual.length())).amaxNumber().doubleValue();
        assertTrue(diff <= relTol * scale, what + ": max difference " + diff + " vs scale " + scale);
    }

    private static void assertMatchesDl4j(INDArray x, INDArray dy) {
        NativeRuntime.start();
        long c = x.size(1);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, c).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, c);
        Pass expected = Pass.run(new MKLDNNBatchNormHelper(DataType.FLOAT), x, dy, gamma, beta);
        Pass actual = Pass.run(new ChannelBatchNormHelper(), x, dy, gamma, beta);
        assertClose("output", expected.out, actual.out, 1e-5);
        assertClose("batch mean", expected.mean, actual.mean, 1e-5);
        assertClose("batch variance", expected.var, actual.var, 1e-5);
        assertClose("input gradient", expected.dx, actual.dx, 1e-4);
        assertClose("gamma gradient", expected.dGamma, actual.dGamma, 1e-4);
        assertClose("beta gradient", expected.dBeta, actual.dBeta, 1e-4);
    }

    @Test
    void threadsSplittingTheLoopsChangeNoBit() {
        NativeRuntime.start();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.randn(DataType.FLOAT, 16, 13, 20, 20).muli(2).addi(0.5); // 83,200 elements: split
        INDArray dy = Nd4j.randn(DataType.FLOAT, 16, 13, 20, 20);
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, 13).addi(0.5);
        INDArray beta = Nd4j.randn(DataType.FLOAT, 1, 13);
        int threads = Nd4j.getEnvironment().maxMasterThreads();
        try {
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            assertEquals(1, ParallelRanges.parts(x.length(), 13));
            Pass one = Pass.run(new ChannelBatchNormHelper(), x, dy, gamma, beta);
            Nd4j.getEnvironment().setMaxMasterThreads(3);
            int parts = ParallelRanges.parts(x.length(), 13);
            assertEquals(Math.min(3, Nd4j.getEnvironment().maxThreads()), parts);
            assertTrue(parts > 1, "this test needs ND4J to allow 2 threads or more");
            Pass split = Pass.run(new ChannelBatchNormHelper(), x, dy, gamma, beta);
            for (String what : new String[] {"out", "mean", "var", "dx", "dGamma", "dBeta"}) {
                assertArrayEquals(bits(one, what), bits(split, what), what);
            }
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
        }
    }

    private static int[] bits(Pass pass, String what) {
        INDArray a = switch (what) {
            case "out" -> pass.out;
            case "mean" -> pass.mean;
            case "var" -> pass.var;
            case "dx" -> pass.dx;
            case "dGamma" -> pass.dGamma;
            default -> pass.dBeta;
        };
        float[] values = a.dup('c').data().asFloat();
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    @Test
    void convolutionalActivationsMatchDl4jsOneDnnHelper() {
        Nd4j.getRandom().setSeed(7);
        assertMatchesDl4j(Nd4j.randn(DataType.FLOAT, 8, 6, 5, 4).muli(2).addi(3), Nd4j.randn(DataType.FLOAT, 8, 6, 5, 4));
    }

    @Test
    void denseActivationsMatchDl4jsOneDnnHelper() {
        Nd4j.getRandom().setSeed(8);
        assertMatchesDl4j(Nd4j.randn(DataType.FLOAT, 16, 12, 1, 1), Nd4j.randn(DataType.FLOAT, 16, 12, 1, 1));
    }

    /**
     * The whole seed net's gradient (dropout off) against the same net in double precision with
     * DL4J's built-in BatchNorm: within 1e-5, and closer than the same float net with DL4J's own
     * BatchNorm (its oneDNN helper where the natives have oneDNN), whose batch statistics
     * accumulate in float (this helper's are in double).
     */
    @Test
    void seedNetGradientMatchesTheDoublePrecisionReference() throws Exception {
        NativeRuntime.start();
        Nd4j.getRandom().setSeed(5);
        INDArray features = Nd4j.rand(DataType.FLOAT, 32, 784).muli(3).subi(0.4);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 32, 10);
        for (int i = 0; i < 32; i++) {
            labels.putScalar(i, i % 10, 1);
        }
        MultiLayerNetwork fast = new MultiLayerNetwork(SeedNet.configuration(3, new Sgd(0.1), false));
        fast.init();
        BatchNormHelpers.install(fast);
        assertTrue(fast.getLayer(4).getHelper() instanceof ChannelBatchNormHelper);
        MultiLayerNetwork reference = new MultiLayerNetwork(SeedNet.configuration(3, new Sgd(0.1), false));
        reference.init();
        reference = reference.convertDataType(DataType.DOUBLE);
        INDArray expected = gradient(reference, features.castTo(DataType.DOUBLE), labels.castTo(DataType.DOUBLE));
        INDArray actual = gradient(fast, features, labels).castTo(DataType.DOUBLE);
        double relative = relativeL2(expected, actual);
        assertTrue(relative < 1e-5, "relative L2 difference " + relative);
        MultiLayerNetwork dl4j = new MultiLayerNetwork(SeedNet.configuration(3, new Sgd(0.1), false));
        dl4j.init();
        assertTrue(!(dl4j.getLayer(4).getHelper() instanceof ChannelBatchNormHelper));
        double dl4jRelative = relativeL2(expected, gradient(dl4j, features, labels).castTo(DataType.DOUBLE));
        assertTrue(relative < dl4jRelative, "ours " + relative + ", DL4J's " + dl4jRelative);
    }

    private static double relativeL2(INDArray expected, INDArray actual) {
        return expected.sub(actual).norm2Number().doubleValue() / expected.norm2Number().doubleValue();
    }

    @Test
    void inferenceWithRunningStatisticsMatchesDl4jsOneDnnHelper() {
        NativeRuntime.start();
        Nd4j.getRandom().setSeed(6);
        INDArray features = Nd4j.rand(DataType.FLOAT, 16, 784);
        MultiLayerNetwork dl4j = new MultiLayerNetwork(SeedNet.configuration(4, new Sgd(0.1), false));
        dl4j.init();
        // Running statistics away from their initial 0 / 1, so the test would see them misused.
        for (int layer : SeedNet.batchNormLayers()) {
            dl4j.getLayer(layer).getParam("mean").assign(Nd4j.randn(DataType.FLOAT, dl4j.getLayer(layer).getParam("mean").shape()));
            dl4j.getLayer(layer).getParam("log10stdev").assign(Nd4j.rand(DataType.FLOAT, dl4j.getLayer(layer).getParam("log10stdev").shape()).subi(0.5));
        }
        MultiLayerNetwork channel = dl4j.clone();
        BatchNormHelpers.install(channel);
        assertTrue(channel.getLayer(1).getHelper() instanceof ChannelBatchNormHelper);
        assertClose("inference output", dl4j.output(features, false), channel.output(features, false), 1e-4);
    }

    private static INDArray gradient(MultiLayerNetwork net, INDArray features, INDArray labels) {
        net.setInput(features);
        net.setLabels(labels);
        net.computeGradientAndScore();
        return net.gradient().gradient().dup();
    }

    @Test
    void stridedAndOffsetViewsAreReadAsTheirElements() {
        Nd4j.getRandom().setSeed(9);
        INDArray big = Nd4j.randn(DataType.FLOAT, 12, 6, 5, 4);
        INDArray rows = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 12));
        INDArray fOrder = Nd4j.randn(DataType.FLOAT, 8, 6, 5, 4).dup('f');
        assertEquals('f', fOrder.ordering());
        assertMatchesDl4j(rows, fOrder);
    }
}
