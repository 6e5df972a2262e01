package io.bnsync.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What workers send back after a round, as an aggregator in the style of MLlib's summarizers:
 * {@link #merge} is associative and commutative, and {@link #empty()} (a worker that trained
 * nothing) is neutral, so results may be combined in any tree shape ({@link OrderedMerge} and {@link SlicedMerge}
 * fix one order, since double sums are associative only up to rounding).
 * Parameters and updater state are summed weighted by samples, in double, for averaging. A
 * result holding one worker's round keeps that worker's float arrays as they are and becomes
 * a double sum only when a second worker's result is merged into it: what a task sends back
 * is half the size of the double sums (13.7 MB instead of 27.5 MB for the seed net), and the
 * sums are the same as if every worker had sent doubles.
 */
public final class WorkerResult implements Serializable {
    private static final long serialVersionUID = 2L; // 2: arrays as raw blocks

    private long samples;
    private int batches;
    private double lossSum;
    /**
     * One worker's own parameters and updater state while this result holds only that worker. Never written into
     * (merging turns them into new double sums), so a result may share them with the one it was merged from.
     */
    private transient float[] soloParams;
    private transient float[] soloUpdater;
    /** Sample-weighted sums once two or more workers' results are merged. */
    private transient double[] weightedParams;
    private transient double[] weightedUpdater;
    private BnStepStats bnSteps;
    private final List<BnRunningStats> localRunningStats = new ArrayList<>();
    private long computeNanos;
    private long workerBytes;
    private MemoryPeak memory = MemoryPeak.none();

    public static WorkerResult empty() {
        return new WorkerResult();
    }

    /**
     * One worker's round: its final params and updater state, weighted by the samples it trained.
     * The arrays are kept, not copied (the worker made them for this result; no result ever
     * writes into its solo arrays).
     */
    public static WorkerResult of(long samples, int batches, double lossSum, float[] params, float[] updater,
                                  BnStepStats bnSteps, BnRunningStats localStats, long computeNanos) {
        WorkerResult r = new WorkerResult();
        r.samples = samples;
        r.batches = batches;
        r.lossSum = lossSum;
        r.computeNanos = computeNanos;
        r.memory = MemoryPeak.sample();
        if (samples > 0) {
            r.soloParams = params;
            r.soloUpdater = updater;
            r.workerBytes = (long) (params.length + updater.length) * Float.BYTES;
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
            copyArraysOf(other);
            bnSteps = BnStepStats.empty(other.bnSteps.layers()).merge(other.bnSteps);
        } else {
            toWeightedSums();
            other.addWeightedInto(weightedParams, weightedUpdater);
            bnSteps.merge(other.bnSteps);
        }
        samples += other.samples;
        batches += other.batches;
        lossSum += other.lossSum;
        computeNanos += other.computeNanos;
        workerBytes += other.workerBytes;
        memory = memory.max(other.memory);
        localRunningStats.addAll(other.localRunningStats);
        return this;
    }

    /**
     * Part {@code index} of {@code parts} of this result, for a merge by slices ({@link SlicedMerge}): elements
     * [index·n/parts, (index+1)·n/parts) of each array, weighted by the same samples, so that merging part j of
     * every worker's result does element by element what merging the whole results does. Part 0 also carries the
     * rest (loss, BatchNorm moments, telemetry), counted once.
     */
    WorkerResult slice(int index, int parts) {
        WorkerResult part = new WorkerResult();
        if (samples == 0) {
            part.memory = index == 0 ? memory : MemoryPeak.none();
            return part;
        }
        part.samples = samples;
        if (soloParams != null) {
            part.soloParams = range(soloParams, index, parts);
            part.soloUpdater = range(soloUpdater, index, parts);
        } else {
            part.weightedParams = range(weightedParams, index, parts);
            part.weightedUpdater = range(weightedUpdater, index, parts);
        }
        if (index == 0) {
            part.batches = batches;
            part.lossSum = lossSum;
            part.computeNanos = computeNanos;
            part.workerBytes = workerBytes;
            part.memory = memory;
            part.bnSteps = bnSteps;
            part.localRunningStats.addAll(localRunningStats);
        } else {
            part.bnSteps = BnStepStats.empty(bnSteps.layers());
        }
        return part;
    }

    /**
     * Replaces the double sums by the averages, as float arrays of the size one worker sends: what
     * {@link #averageParams} and {@link #averageUpdaterState} return stays bit for bit the same (the same division,
     * the same rounding). For a merged slice on its way to the driver; nothing is merged into it afterwards.
     */
    WorkerResult averaged() {
        if (weightedParams != null) {
            soloParams = average(weightedParams);
            soloUpdater = average(weightedUpdater);
            weightedParams = null;
            weightedUpdater = null;
        }
        return this;
    }

    /** The merged parts 0, 1, … of {@link #slice}, joined back into one result. */
    static WorkerResult join(List<WorkerResult> parts) {
        WorkerResult first = parts.get(0);
        WorkerResult joined = new WorkerResult();
        joined.memory = first.memory;
        if (first.samples == 0) {
            return joined;
        }
        joined.samples = first.samples;
        joined.batches = first.batches;
        joined.lossSum = first.lossSum;
        joined.computeNanos = first.computeNanos;
        joined.workerBytes = first.workerBytes;
        joined.bnSteps = first.bnSteps;
        joined.localRunningStats.addAll(first.localRunningStats);
        if (first.soloParams != null) {
            joined.soloParams = concat(parts.stream().map(p -> p.soloParams).toList(), float[]::new);
            joined.soloUpdater = concat(parts.stream().map(p -> p.soloUpdater).toList(), float[]::new);
        } else {
            joined.weightedParams = concat(parts.stream().map(p -> p.weightedParams).toList(), double[]::new);
            joined.weightedUpdater = concat(parts.stream().map(p -> p.weightedUpdater).toList(), double[]::new);
        }
        return joined;
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
        return soloParams != null ? soloParams.clone() : average(weightedParams);
    }

    /** Sample-weighted mean of the workers' updater state. */
    public float[] averageUpdaterState() {
        return soloUpdater != null ? soloUpdater.clone() : average(weightedUpdater);
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

    /** Bytes of parameter and updater arrays the workers sent, summed over workers (floats each). */
    public long workerBytes() {
        return workerBytes;
    }

    private void copyArraysOf(WorkerResult other) {
        if (other.soloParams != null) {
            soloParams = other.soloParams; // read-only: no copy of 13.7 MB per result
            soloUpdater = other.soloUpdater;
        } else {
            weightedParams = other.weightedParams.clone();
            weightedUpdater = other.weightedUpdater.clone();
        }
    }

    /** Turns a one-worker result into sample-weighted double sums, ready to add others. */
    private void toWeightedSums() {
        if (soloParams != null) {
            weightedParams = weighted(soloParams, samples);
            weightedUpdater = weighted(soloUpdater, samples);
            soloParams = null;
            soloUpdater = null;
        }
    }

    private void addWeightedInto(double[] params, double[] updater) {
        if (soloParams != null) {
            addWeighted(params, soloParams, samples);
            addWeighted(updater, soloUpdater, samples);
        } else {
            addInto(params, weightedParams);
            addInto(updater, weightedUpdater);
        }
    }

    /** The arrays as raw blocks ({@link ArrayBlocks}): the bulk of what a task sends back. */
    private void writeObject(ObjectOutputStream out) throws IOException {
        out.defaultWriteObject();
        ArrayBlocks.writeFloats(out, soloParams);
        ArrayBlocks.writeFloats(out, soloUpdater);
        ArrayBlocks.writeDoubles(out, weightedParams);
        ArrayBlocks.writeDoubles(out, weightedUpdater);
    }

    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        soloParams = ArrayBlocks.readFloats(in);
        soloUpdater = ArrayBlocks.readFloats(in);
        weightedParams = ArrayBlocks.readDoubles(in);
        weightedUpdater = ArrayBlocks.readDoubles(in);
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

    private static float[] range(float[] values, int index, int parts) {
        return java.util.Arrays.copyOfRange(values, bound(values.length, index, parts), bound(values.length, index + 1, parts));
    }

    private static double[] range(double[] values, int index, int parts) {
        return java.util.Arrays.copyOfRange(values, bound(values.length, index, parts), bound(values.length, index + 1, parts));
    }

    private static int bound(int length, int index, int parts) {
        return (int) ((long) length * index / parts);
    }

    /** The arrays in {@code pieces} (all float[] or all double[]) one after the other. */
    private static <A> A concat(List<A> pieces, java.util.function.IntFunction<A> newArray) {
        A all = newArray.apply(pieces.stream().mapToInt(java.lang.reflect.Array::getLength).sum());
        int at = 0;
        for (A piece : pieces) {
            int n = java.lang.reflect.Array.getLength(piece);
            System.arraycopy(piece, 0, all, at, n);
            at += n;
        }
        return all;
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

    private static void addInto(double[] target, double[] add) {
        for (int i = 0; i < target.length; i++) {
            target[i] += add[i];
        }
    }
}
