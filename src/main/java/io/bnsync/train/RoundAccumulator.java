package io.bnsync.train;

import java.util.ArrayList;
import java.util.List;

/**
 * The merge of a round's {@link WorkerUpdate}s, in the order they are {@link #add added}: parameters and updater
 * state as sample-weighted sums in double, loss and sample counts summed, each step's BatchNorm moments merged
 * (Chan), running statistics and telemetry collected. Double sums are associative only up to rounding, so callers
 * add in partition order whatever order tasks finish in ({@link OrderedMerge}, {@link SlicedMerge}): a retried
 * task then changes nothing. One update's averages are its own floats bit for bit ((double) x · w is exact, and so
 * is dividing it by w again).
 */
public final class RoundAccumulator {
    private long samples;
    private int batches;
    private double lossSum;
    private double[] weightedParams;
    private double[] weightedUpdater;
    private BnStepStats bnSteps;
    private final List<BnRunningStats> localRunningStats = new ArrayList<>();
    private WorkerTelemetry telemetry = WorkerTelemetry.none();

    /** Adds {@code update}; returns this. */
    public RoundAccumulator add(WorkerUpdate update) {
        telemetry = telemetry.plus(update.telemetry());
        if (update.samples() == 0) {
            return this;
        }
        if (weightedParams == null) { // set, not added to zeros: 0.0 + -0.0 would lose the sign of a zero
            weightedParams = weighted(update.params(), update.samples());
            weightedUpdater = weighted(update.updater(), update.samples());
        } else {
            addWeighted(weightedParams, update.params(), update.samples());
            addWeighted(weightedUpdater, update.updater(), update.samples());
        }
        if (update.bnSteps() != null) {
            bnSteps = (bnSteps == null ? BnStepStats.empty(update.bnSteps().layers()) : bnSteps)
                    .merge(update.bnSteps());
        }
        if (update.localStats() != null) {
            localRunningStats.add(update.localStats());
        }
        samples += update.samples();
        batches += update.batches();
        lossSum += update.lossSum();
        return this;
    }

    /** The round's averages (floats, as a network holds them) and everything else merged. */
    public RoundResult result() {
        return new RoundResult(samples, batches, lossSum, average(weightedParams), average(weightedUpdater), bnSteps,
                List.copyOf(localRunningStats), telemetry);
    }

    private float[] average(double[] weighted) {
        if (weighted == null) {
            return new float[0];
        }
        float[] avg = new float[weighted.length];
        for (int i = 0; i < avg.length; i++) {
            avg[i] = (float) (weighted[i] / samples);
        }
        return avg;
    }

    private static double[] weighted(float[] values, long weight) {
        double[] out = new double[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (double) values[i] * weight;
        }
        return out;
    }

    private static void addWeighted(double[] target, float[] values, long weight) {
        for (int i = 0; i < target.length; i++) {
            target[i] += (double) values[i] * weight;
        }
    }
}
