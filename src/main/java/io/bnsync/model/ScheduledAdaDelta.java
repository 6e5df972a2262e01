package io.bnsync.model;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

/**
 * AdaDelta with a learning rate, matching PyTorch's {@code optim.Adadelta(lr, rho, eps)}.
 *
 * <p>DL4J's own {@link org.nd4j.linalg.learning.config.AdaDelta} has no learning rate, so it
 * cannot follow PyTorch's {@code lr=1.0} with {@code StepLR(gamma=0.7)}. Per step this computes
 * <pre>
 *   sq    = rho*sq  + (1-rho)*g^2
 *   delta = sqrt(acc+eps) / sqrt(sq+eps) * g
 *   acc   = rho*acc + (1-rho)*delta^2      (the unscaled delta, as PyTorch)
 *   update = lr(iteration, epoch) * delta  (DL4J then does param -= update)
 * </pre>
 * The learning rate comes from {@link #getLrSchedule()} when set, else {@link #getLearningRate()}.
 *
 * <p>Fields are plain, non-final and reachable through the no-arg constructor because DL4J's
 * shaded Jackson (field visibility, see {@link IUpdater}) serializes this inside a
 * {@code MultiLayerConfiguration}; {@link #equals} matters because DL4J merges parameters with
 * equal updater configs into one updater block.
 */
public class ScheduledAdaDelta implements IUpdater {
    private static final long serialVersionUID = 1L;

    public static final double DEFAULT_RHO = 0.9;
    public static final double DEFAULT_EPSILON = 1e-6;
    public static final double DEFAULT_LEARNING_RATE = 1.0;

    private double rho;
    private double epsilon;
    private double learningRate;
    private ISchedule lrSchedule;

    /** PyTorch's defaults: lr 1.0, rho 0.9, eps 1e-6, no schedule. */
    public ScheduledAdaDelta() {
        this(DEFAULT_LEARNING_RATE, null, DEFAULT_RHO, DEFAULT_EPSILON);
    }

    /**
     * @param learningRate used when {@code lrSchedule} is null
     * @param lrSchedule   learning rate per (iteration, epoch); may be null
     */
    public ScheduledAdaDelta(double learningRate, ISchedule lrSchedule, double rho, double epsilon) {
        this.learningRate = learningRate;
        this.lrSchedule = lrSchedule;
        this.rho = rho;
        this.epsilon = epsilon;
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        INDArray flat = viewArray.reshape(viewArray.length());
        long[] gradientShape = {flat.length() / 2};
        ScheduledAdaDeltaUpdater updater = new ScheduledAdaDeltaUpdater(this);
        updater.setStateViewArray(flat, gradientShape, flat.ordering(), initializeViewArray);
        return updater;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        ScheduledAdaDeltaUpdater updater = new ScheduledAdaDeltaUpdater(this);
        updater.setState(updaterState, initializeStateArrays);
        return updater;
    }

    @Override
    public ScheduledAdaDelta clone() {
        return new ScheduledAdaDelta(learningRate, lrSchedule == null ? null : lrSchedule.clone(), rho, epsilon);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return lrSchedule != null ? lrSchedule.valueAt(iteration, epoch) : learningRate;
    }

    @Override
    public boolean hasLearningRate() {
        return true;
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        this.learningRate = lr;
        this.lrSchedule = lrSchedule;
    }

    public double getRho() {
        return rho;
    }

    public void setRho(double rho) {
        this.rho = rho;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    /** The fixed learning rate, used only when there is no schedule. */
    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLrSchedule() {
        return lrSchedule;
    }

    public void setLrSchedule(ISchedule lrSchedule) {
        this.lrSchedule = lrSchedule;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScheduledAdaDelta)) {
            return false;
        }
        ScheduledAdaDelta other = (ScheduledAdaDelta) o;
        return Double.compare(rho, other.rho) == 0
                && Double.compare(epsilon, other.epsilon) == 0
                && Double.compare(learningRate, other.learningRate) == 0
                && Objects.equals(lrSchedule, other.lrSchedule);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new Object[] {rho, epsilon, learningRate, lrSchedule});
    }

    @Override
    public String toString() {
        return "ScheduledAdaDelta(rho=" + rho + ", epsilon=" + epsilon + ", learningRate=" + learningRate
                + ", lrSchedule=" + lrSchedule + ")";
    }
}
