package io.bnsync.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.List;

/**
 * A round merged ({@link RoundAccumulator#result}), immutable: the sample-weighted average parameters and updater
 * state, the mean loss, each step's merged BatchNorm moments (those of the global minibatches), every worker's own
 * running statistics, and the round's {@link WorkerTelemetry}. A slice of one ({@link SlicedMerge}) travels to the
 * driver as it is: floats, one slice's worth.
 */
public final class RoundResult implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long samples;
    private final int batches;
    private final double lossSum;
    private final float[] averageParams;
    private final float[] averageUpdater;
    private final BnStepStats bnSteps;
    private final List<BnRunningStats> localRunningStats;
    private final WorkerTelemetry telemetry;

    RoundResult(long samples, int batches, double lossSum, float[] averageParams, float[] averageUpdater,
                BnStepStats bnSteps, List<BnRunningStats> localRunningStats, WorkerTelemetry telemetry) {
        this.samples = samples;
        this.batches = batches;
        this.lossSum = lossSum;
        this.averageParams = averageParams;
        this.averageUpdater = averageUpdater;
        this.bnSteps = bnSteps;
        this.localRunningStats = localRunningStats;
        this.telemetry = telemetry;
    }

    /** Slices 0, 1, … of one round ({@link WorkerUpdate#slice}, merged per slice) joined back into the round. */
    static RoundResult join(List<RoundResult> slices) {
        RoundResult first = slices.get(0);
        return new RoundResult(first.samples, first.batches, first.lossSum,
                concat(slices.stream().map(s -> s.averageParams).toList()),
                concat(slices.stream().map(s -> s.averageUpdater).toList()), first.bnSteps, first.localRunningStats,
                first.telemetry);
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

    /** Sample-weighted mean of the workers' parameters (a copy). */
    public float[] averageParams() {
        return averageParams.clone();
    }

    /** Sample-weighted mean of the workers' updater state (a copy). */
    public float[] averageUpdaterState() {
        return averageUpdater.clone();
    }

    /** Step-wise merged BatchNorm input moments: those of the global minibatches. */
    public BnStepStats bnSteps() {
        return bnSteps;
    }

    /** Each worker's own running statistics at the end of the round, before sync. */
    public List<BnRunningStats> localRunningStats() {
        return localRunningStats;
    }

    public WorkerTelemetry telemetry() {
        return telemetry;
    }

    private static float[] concat(List<float[]> pieces) {
        float[] all = new float[pieces.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (float[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return all;
    }

    /** Serialized as {@link Wire}: the arrays as raw blocks ({@link ArrayBlocks}). */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** RoundResult's serialized form (its fields are final). */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient RoundResult value;

        Wire(RoundResult value) {
            this.value = value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            out.writeLong(value.samples);
            out.writeInt(value.batches);
            out.writeDouble(value.lossSum);
            ArrayBlocks.writeFloats(out, value.averageParams);
            ArrayBlocks.writeFloats(out, value.averageUpdater);
            out.writeObject(value.bnSteps);
            out.writeObject(value.localRunningStats);
            out.writeObject(value.telemetry);
        }

        @SuppressWarnings("unchecked")
        private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
            long samples = in.readLong();
            int batches = in.readInt();
            double lossSum = in.readDouble();
            float[] params = ArrayBlocks.readFloats(in);
            float[] updater = ArrayBlocks.readFloats(in);
            value = new RoundResult(samples, batches, lossSum, params, updater, (BnStepStats) in.readObject(),
                    (List<BnRunningStats>) in.readObject(), (WorkerTelemetry) in.readObject());
        }

        private Object readResolve() {
            return value;
        }
    }
}
