package io.bnsync.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The merge of a round's {@link WorkerUpdate}s, in the order they are {@link #add added}: parameters and updater
 * state as sample-weighted sums in double, loss and sample counts summed, each step's BatchNorm moments merged
 * (Chan), running statistics and telemetry collected. Double sums are associative only up to rounding, so callers
 * add in partition order whatever order tasks finish in ({@link OrderedMerge}, {@link SlicedMerge}): a retried
 * task then changes nothing. One update's averages are its own floats bit for bit ((double) x · w is exact, and so
 * is dividing it by w again). The arrays are summed when the {@linkplain #result result} is asked for, a block of
 * elements at a time through all updates: each element's sum takes the same steps in the same order as summing whole
 * arrays one update after another, so the same bits, but the sums stay in cache instead of passing through double
 * arrays of twice the state's size (29 MB for the seed net). Two shortcuts keep the bits: one update's average is a
 * copy of its arrays, and a power of two of samples (W · K · B in the usual round) is divided by multiplying with
 * its inverse, which is exact — a scalar division per element was about a third of a two-result merge
 * (docs/PERFORMANCE.md, Round 7).
 */
public final class RoundAccumulator {
    /** Elements summed together: their double sums stay in the first-level cache. */
    private static final int BLOCK = 4096;
    /** Blocks per unit of work of a parallel merge: each unit allocates its own sums. */
    private static final int BLOCKS_PER_SPAN = 32;
    private long samples;
    private int batches;
    private double lossSum;
    private final List<float[]> params = new ArrayList<>();
    private final List<float[]> updaters = new ArrayList<>();
    private final List<Long> weights = new ArrayList<>();
    private BnStepStats bnSteps;
    private final List<BnRunningStats> localRunningStats = new ArrayList<>();
    private WorkerTelemetry telemetry = WorkerTelemetry.none();

    /** Adds {@code update}; returns this. */
    public RoundAccumulator add(WorkerUpdate update) {
        telemetry = telemetry.plus(update.telemetry());
        if (update.samples() == 0) {
            return this;
        }
        params.add(update.params());
        updaters.add(update.updater());
        weights.add(update.samples());
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
        return result(false);
    }

    /**
     * The same result, its averages computed by all of the JVM's cores (the common pool) — for the driver, where the
     * merge is all that is left of the round while the executors wait. Elements are independent, so the same bits.
     */
    public RoundResult resultInParallel() {
        return result(true);
    }

    private RoundResult result(boolean parallel) {
        return new RoundResult(samples, batches, lossSum, average(params, parallel), average(updaters, parallel),
                bnSteps, List.copyOf(localRunningStats), telemetry);
    }

    /** The sample-weighted average of {@code arrays} (added in order), element by element. */
    private float[] average(List<float[]> arrays, boolean parallel) {
        if (arrays.isEmpty()) {
            return new float[0];
        }
        float[][] values = arrays.toArray(float[][]::new);
        long[] weightOf = weights.stream().mapToLong(Long::longValue).toArray();
        for (float[] a : values) {
            if (a.length != values[0].length) {
                throw new IllegalArgumentException("updates of different sizes: " + a.length + " and "
                        + values[0].length);
            }
        }
        if (values.length == 1) { // its own floats: (double) x · w / w is x again
            return Arrays.copyOf(values[0], values[0].length);
        }
        float[] avg = new float[values[0].length];
        int blocks = (avg.length + BLOCK - 1) / BLOCK;
        int spans = (blocks + BLOCKS_PER_SPAN - 1) / BLOCKS_PER_SPAN;
        IntStream ids = IntStream.range(0, spans);
        (parallel ? ids.parallel() : ids).forEach(span -> {
            double[] sums = new double[BLOCK];
            int end = Math.min(blocks, (span + 1) * BLOCKS_PER_SPAN);
            for (int block = span * BLOCKS_PER_SPAN; block < end; block++) {
                averageBlock(values, weightOf, block * BLOCK, Math.min(avg.length, (block + 1) * BLOCK), sums, avg);
            }
        });
        return avg;
    }

    private void averageBlock(float[][] values, long[] weightOf, int from, int to, double[] sums, float[] avg) {
        for (int k = 0; k < values.length; k++) {
            float[] v = values[k];
            long weight = weightOf[k];
            if (k == 0) { // set, not added to zeros: 0.0 + -0.0 would lose the sign of a zero
                for (int i = from; i < to; i++) {
                    sums[i - from] = (double) v[i] * weight;
                }
            } else {
                for (int i = from; i < to; i++) {
                    sums[i - from] += (double) v[i] * weight;
                }
            }
        }
        if (Long.bitCount(samples) == 1) { // x / 2^k and x · 2^-k round the same exact value: the same bits
            double inverse = 1.0 / samples;
            for (int i = from; i < to; i++) {
                avg[i] = (float) (sums[i - from] * inverse);
            }
        } else {
            for (int i = from; i < to; i++) {
                avg[i] = (float) (sums[i - from] / samples);
            }
        }
    }
}
