package io.bnsync.train;

import io.bnsync.model.FloatElements;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A network's flat parameter and updater-state vectors, read and written with one bulk copy each. ND4J's
 * {@code createFromArray} and {@code toFloatVector} copy element by element (about 20 ms per 1.2 M parameters and
 * 2.4 M updater values, every round on every worker and on the driver).
 */
final class NetworkState {
    private NetworkState() {
    }

    static float[] params(MultiLayerNetwork net) {
        return FloatElements.read(net.params(), null);
    }

    /** The updater's state, empty when the network has none. */
    static float[] updaterState(MultiLayerNetwork net) {
        INDArray state = net.getUpdater().getStateViewArray();
        return state == null ? new float[0] : FloatElements.read(state, null);
    }

    /** Overwrites the network's parameters and, unless {@code updaterState} is empty, its updater state. */
    static void load(MultiLayerNetwork net, float[] params, float[] updaterState) {
        write(params, net.params(), "parameters");
        INDArray state = net.getUpdater().getStateViewArray();
        if (state != null && updaterState.length > 0) {
            write(updaterState, state, "updater state");
        }
    }

    private static void write(float[] values, INDArray target, String what) {
        if (values.length != target.length()) {
            throw new IllegalArgumentException(what + ": " + values.length + " values for a network with "
                    + target.length());
        }
        FloatElements.write(values, target);
    }
}
