package io.bnsync.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * The optimizers a run can choose, each with PyTorch-equivalent hyperparameters and a learning rate
 * multiplied by {@code lrDecayPerEpoch} after every epoch (PyTorch's {@code StepLR(step_size=1)}).
 */
public enum OptimizerKind {
    /** PyTorch's MNIST example default: {@code Adadelta(lr=1.0)}, rho 0.9, eps 1e-6. */
    ADADELTA(1.0) {
        @Override
        public IUpdater updater(double learningRate, double lrDecayPerEpoch) {
            return new ScheduledAdaDelta(learningRate, epochDecay(learningRate, lrDecayPerEpoch),
                    ScheduledAdaDelta.DEFAULT_RHO, ScheduledAdaDelta.DEFAULT_EPSILON);
        }
    },
    /** Adam with DL4J's (= PyTorch's) default betas and epsilon. */
    ADAM(1e-3) {
        @Override
        public IUpdater updater(double learningRate, double lrDecayPerEpoch) {
            return new Adam(epochDecay(learningRate, lrDecayPerEpoch));
        }
    };

    private final double defaultLearningRate;

    OptimizerKind(double defaultLearningRate) {
        this.defaultLearningRate = defaultLearningRate;
    }

    /** A fresh DL4J updater config starting at {@code learningRate}, decayed per epoch. */
    public abstract IUpdater updater(double learningRate, double lrDecayPerEpoch);

    public double defaultLearningRate() {
        return defaultLearningRate;
    }

    /** The kind named {@code name}, ignoring case and surrounding blanks. */
    public static OptimizerKind parse(String name) {
        String wanted = name == null ? "" : name.trim().toUpperCase(Locale.ROOT);
        for (OptimizerKind kind : values()) {
            if (kind.name().equals(wanted)) {
                return kind;
            }
        }
        String allowed = Arrays.stream(values())
                .map(k -> k.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown optimizer '" + name + "'; allowed: " + allowed);
    }

    private static ExponentialSchedule epochDecay(double learningRate, double lrDecayPerEpoch) {
        return new ExponentialSchedule(ScheduleType.EPOCH, learningRate, lrDecayPerEpoch);
    }
}
