package io.bnsync.train;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What workers send back after a round, as an aggregator in the style of MLlib's summarizers:
 * {@link #merge} is associative and commutative, and {@link #empty()} (a worker that trained
 * nothing) is neutral, so Spark's {@code treeAggregate} may combine results in any tree shape.
 * Parameters and updater state are summed weighted by samples, in double, for averaging.
 */
public final class WorkerResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private long samples;
    private int batches;
    private double lossSum;
    private double[] weightedParams;
    private double[] weightedUpdater;
    private BnStepStats bnSteps;
    private final List<BnRunningStats> localRunningStats = new ArrayList<>();
    private long computeNanos;
    private MemoryPeak memory = MemoryPeak.none();

    public static WorkerResult empty() {
        return new WorkerResult();
    }

    /** One worker's round: its final params and updater state, weighted by the samples it trained. */
    static WorkerResult of(long samples, int batches, double lossSum, float[] params, float[] updater,
                           BnStepStats bnSteps, BnRunningStats localStats, long computeNanos) {
        WorkerResult r = new WorkerResult();
        r.samples = samples;
        r.batches = batches;
        r.lossSum = lossSum;
        r.computeNanos = computeNanos;
        r.memory = MemoryPeak.sample();
        if (samples > 0) {
            r.weightedParams = weighted(params, samples);
            r.weightedUpdater = weighted(updater, samples);
            r.bnSteps = bnSteps;
            r.localRunningStats.add(localStats);
        }
        return r;
    }

    public WorkerResult merge(WorkerResult other) {
        if (other.samples == 0) {
            memory = memory.max(other.memory);
            return this;
        }
        if (samples == 0) {
            weightedParams = other.weightedParams.clone();
            weightedUpdater = other.weightedUpdater.clone();
            bnSteps = BnStepStats.empty(other.bnSteps.layers()).merge(other.bnSteps);
        } else {
            addInto(weightedParams, other.weightedParams);
            addInto(weightedUpdater, other.weightedUpdater);
            bnSteps.merge(other.bnSteps);
        }
        samples += other.samples;
        batches += other.batches;
        lossSum += other.lossSum;
        computeNanos += other.computeNanos;
        memory = memory.max(other.memory);
        localRunningStats.addAll(other.localRunningStats);
        return this;
    }

    public long samples() {
        return samples;
    }

    public int batches() {
        return batches;
    }

    /** Mean training loss per sample over the round. */
    public double meanLoss() {
        return samples == 0 ? Double.NaN : lossSum / samples;
    }

    /** Sample-weighted mean of the workers' parameters. */
    public float[] averageParams() {
        return average(weightedParams);
    }

    /** Sample-weighted mean of the workers' updater state. */
    public float[] averageUpdaterState() {
        return average(weightedUpdater);
    }

    /** Step-wise merged BatchNorm input statistics: those of the global minibatches. */
    public BnStepStats bnSteps() {
        return bnSteps;
    }

    /** Each worker's own running statistics at the end of the round, before sync. */
    public List<BnRunningStats> localRunningStats() {
        return localRunningStats;
    }

    /** Worker compute time summed over workers. */
    public long computeNanos() {
        return computeNanos;
    }

    /** The largest heap and physical memory use among the workers, at the end of their round. */
    public MemoryPeak memory() {
        return memory;
    }

    /** Approximate bytes of this result as collected by the driver (the double arrays dominate). */
    public long approximateBytes() {
        long arrays = samples == 0 ? 0 : (long) (weightedParams.length + weightedUpdater.length) * Double.BYTES;
        return arrays + 64;
    }

    private float[] average(double[] weighted) {
        if (samples == 0) {
            throw new IllegalStateException("no worker trained any sample this round");
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

    private static void addInto(double[] target, double[] add) {
        for (int i = 0; i < target.length; i++) {
            target[i] += add[i];
        }
    }
}
