package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bnsync.model.SeedNet;
import java.util.SplittableRandom;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.AdaDelta;

class NetworkStateTest {
    @Test
    void loadedStateReadsBackBitForBitAndIsWhatDl4jSees() {
        MultiLayerNetwork net = SeedNet.create(3, new AdaDelta());
        float[] params = randomBits(NetworkState.params(net).length, 1);
        float[] updater = randomBits(NetworkState.updaterState(net).length, 2);
        params[7] = -0f;
        params[8] = Float.intBitsToFloat(0x7fc00123); // a NaN with a payload
        updater[9] = Float.MIN_VALUE;
        NetworkState.load(net, params, updater);
        assertBits(params, NetworkState.params(net));
        assertBits(updater, NetworkState.updaterState(net));
        assertBits(params, net.params().toFloatVector()); // ND4J's own element-wise read agrees
        assertBits(updater, net.getUpdater().getStateViewArray().toFloatVector());
        assertBits(params, flat(net));
    }

    @Test
    void anEmptyUpdaterStateKeepsTheNetworksAndAWrongLengthIsRefused() {
        MultiLayerNetwork net = SeedNet.create(3, new AdaDelta());
        float[] updater = randomBits(NetworkState.updaterState(net).length, 3);
        NetworkState.load(net, NetworkState.params(net), updater);
        NetworkState.load(net, NetworkState.params(net), new float[0]);
        assertBits(updater, NetworkState.updaterState(net));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NetworkState.load(net, new float[5], updater));
        assertEquals("parameters: 5 values for a network with " + net.numParams(), e.getMessage());
    }

    /** The layers' parameter views, concatenated: they are views of the flat vector that load writes. */
    private static float[] flat(MultiLayerNetwork net) {
        float[] all = new float[(int) net.numParams()];
        int at = 0;
        for (var layer : net.getLayers()) {
            float[] p = layer.params() == null ? new float[0] : layer.params().toFloatVector();
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    private static float[] randomBits(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian();
        }
        return v;
    }

    private static void assertBits(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]), "element " + i);
        }
    }
}
