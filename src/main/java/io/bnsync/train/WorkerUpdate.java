package io.bnsync.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * One worker's round as its task sends it back, immutable: the samples it trained, its loss, its final parameters
 * and updater state (floats, as the network holds them: 13.7 MB for the seed net), each BatchNorm layer's input
 * moments at every step, its running statistics before sync, and its {@link WorkerTelemetry}. Nothing writes into
 * its arrays after construction, so merges may read them where they are; once merged, the driver may hand them back
 * to the endpoint that read them ({@link #giveArraysTo}), and the update is not read again.
 */
public final class WorkerUpdate implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long samples;
    private final int batches;
    private final double lossSum;
    private final float[] params;
    private final float[] updater;
    /** Null for a worker that trained nothing, and for slices after the first ({@link #slice}). */
    private final BnStepStats bnSteps;
    private final BnRunningStats localStats;
    private final WorkerTelemetry telemetry;

    private WorkerUpdate(long samples, int batches, double lossSum, float[] params, float[] updater,
                         BnStepStats bnSteps, BnRunningStats localStats, WorkerTelemetry telemetry) {
        this.samples = samples;
        this.batches = batches;
        this.lossSum = lossSum;
        this.params = params;
        this.updater = updater;
        this.bnSteps = bnSteps;
        this.localStats = localStats;
        this.telemetry = telemetry;
    }

    /** A worker whose shard had no minibatch left this round: it adds nothing. */
    public static WorkerUpdate none() {
        return new WorkerUpdate(0, 0, 0, new float[0], new float[0], null, null, WorkerTelemetry.none());
    }

    /** One worker's round; the arrays are kept, not copied (the worker made them for this update). */
    public static WorkerUpdate of(long samples, int batches, double lossSum, float[] params, float[] updater,
                                  BnStepStats bnSteps, BnRunningStats localStats, long computeNanos) {
        if (samples == 0) {
            return none();
        }
        WorkerTelemetry telemetry = WorkerTelemetry.of(computeNanos,
                (long) (params.length + updater.length) * Float.BYTES, MemoryPeak.sample());
        return new WorkerUpdate(samples, batches, lossSum, params, updater, bnSteps, localStats, telemetry);
    }

    /**
     * Part {@code index} of {@code parts}, for a merge by slices ({@link SlicedMerge}): elements
     * [index·n/parts, (index+1)·n/parts) of each array, with the same sample weight, so that merging part j of
     * every worker's update does element by element what merging the whole updates does. Part 0 also carries the
     * rest (loss, BatchNorm moments, running statistics, telemetry), counted once.
     */
    WorkerUpdate slice(int index, int parts) {
        float[] paramsPart = range(params, index, parts);
        float[] updaterPart = range(updater, index, parts);
        return index == 0 ? new WorkerUpdate(samples, batches, lossSum, paramsPart, updaterPart, bnSteps, localStats,
                telemetry) : new WorkerUpdate(samples, 0, 0, paramsPart, updaterPart, null, null, WorkerTelemetry.none());
    }

    public long samples() {
        return samples;
    }

    int batches() {
        return batches;
    }

    double lossSum() {
        return lossSum;
    }

    /**
     * Hands this update's two arrays to {@code reuse} (the driver's endpoint, which read them, to read a later push
     * into): only once the update is merged, after which nothing may read it.
     */
    public void giveArraysTo(Consumer<float[]> reuse) {
        reuse.accept(params);
        reuse.accept(updater);
    }

    /** Read-only: the worker's final parameters. */
    float[] params() {
        return params;
    }

    /** Read-only: the worker's final updater state. */
    float[] updater() {
        return updater;
    }

    BnStepStats bnSteps() {
        return bnSteps;
    }

    BnRunningStats localStats() {
        return localStats;
    }

    WorkerTelemetry telemetry() {
        return telemetry;
    }

    private static float[] range(float[] values, int index, int parts) {
        return Arrays.copyOfRange(values, bound(values.length, index, parts), bound(values.length, index + 1, parts));
    }

    private static int bound(int length, int index, int parts) {
        return (int) ((long) length * index / parts);
    }

    /** Serialized as {@link Wire}: the arrays as raw blocks ({@link ArrayBlocks}), the bulk of what a task sends. */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** WorkerUpdate's serialized form (its fields are final). */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient WorkerUpdate value;

        Wire(WorkerUpdate value) {
            this.value = value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.writeLong(value.samples);
            out.writeInt(value.batches);
            out.writeDouble(value.lossSum);
            ArrayBlocks.writeFloats(out, value.params);
            ArrayBlocks.writeFloats(out, value.updater);
            out.writeObject(value.bnSteps);
            out.writeObject(value.localStats);
            out.writeObject(value.telemetry);
        }

        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            long samples = in.readLong();
            int batches = in.readInt();
            double lossSum = in.readDouble();
            float[] params = ArrayBlocks.readFloats(in);
            float[] updater = ArrayBlocks.readFloats(in);
            value = new WorkerUpdate(samples, batches, lossSum, params, updater, (BnStepStats) in.readObject(),
                    (BnRunningStats) in.readObject(), (WorkerTelemetry) in.readObject());
        }

        private Object readResolve() {
            return value;
        }
    }
}
