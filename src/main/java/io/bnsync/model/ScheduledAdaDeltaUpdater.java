package io.bnsync.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdaDeltaUpdater;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaDelta;

/**
 * The per-block state and step of {@link ScheduledAdaDelta}.
 *
 * <p>DL4J's native {@code ada_delta_updater} op already computes PyTorch's AdaDelta step: it updates
 * E[g²], writes {@code delta = g * sqrt(E[dx²]+eps) / sqrt(E[g²]+eps)} and accumulates E[dx²] from
 * that unscaled delta (libnd4j {@code updaterAdaDelta.cpp}). So this delegates to
 * {@link AdaDeltaUpdater} and only scales the finished delta by the learning rate, leaving the
 * accumulators as PyTorch leaves them. Delegating also keeps DL4J's state layout and keys
 * ({@value AdaDeltaUpdater#MSG_STATE}, {@value AdaDeltaUpdater#MSDX_STATE}), so saved updater state
 * restores the same way as for plain AdaDelta.
 */
public class ScheduledAdaDeltaUpdater implements GradientUpdater<ScheduledAdaDelta> {
    private final ScheduledAdaDelta config;
    private final AdaDeltaUpdater delta;

    public ScheduledAdaDeltaUpdater(ScheduledAdaDelta config) {
        this.config = config;
        this.delta = new AdaDeltaUpdater(new AdaDelta(config.getRho(), config.getEpsilon()));
    }

    @Override
    public ScheduledAdaDelta getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        delta.setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return delta.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        delta.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }

    /** Turns {@code gradient} in place into {@code lr * delta}; the caller subtracts it from the params. */
    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        delta.applyUpdater(gradient, iteration, epoch);
        double lr = config.getLearningRate(iteration, epoch);
        if (lr != 1.0) {
            gradient.muli(lr);
        }
    }
}
