package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Worker updates merged into a round: the numbers, their order, what travels, and slices. */
class RoundAccumulatorTest {
    private static final int PARAMS = 10_000;

    private static float[] randomFloats(long seed) {
        Random random = new Random(seed);
        float[] values = new float[PARAMS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static WorkerUpdate worker(long samples, float[] params, float[] updater) {
        return WorkerUpdate.of(samples, 1, 0.5 * samples, params, updater, BnStepStats.empty(3), null, 1);
    }

    private static RoundResult merged(WorkerUpdate... updates) {
        RoundAccumulator accumulator = new RoundAccumulator();
        for (WorkerUpdate u : updates) {
            accumulator.add(u);
        }
        return accumulator.result();
    }

    /** The sample-weighted mean in double, summed in the order given. */
    private static float[] weightedMean(long[] samples, float[][] values) {
        float[] mean = new float[PARAMS];
        long total = 0;
        for (long s : samples) {
            total += s;
        }
        for (int i = 0; i < PARAMS; i++) {
            double sum = 0;
            for (int w = 0; w < samples.length; w++) {
                sum += (double) values[w][i] * samples[w];
            }
            mean[i] = (float) (sum / total);
        }
        return mean;
    }

    /** The merged parameters of workers with {@code samples} and {@code params}, the same bits both ways. */
    private static float[] sequentialAndParallelMergeAlike(long[] samples, float[][] params) {
        RoundAccumulator sequential = new RoundAccumulator();
        RoundAccumulator parallel = new RoundAccumulator();
        for (int w = 0; w < samples.length; w++) {
            WorkerUpdate update = WorkerUpdate.of(samples[w], 1, 1, params[w], params[w], BnStepStats.empty(3), null,
                    1);
            sequential.add(update);
            parallel.add(update);
        }
        float[] merged = sequential.result().averageParams();
        assertArrayEquals(merged, parallel.resultInParallel().averageParams());
        return merged;
    }

    @Test
    void theAverageIsTheDoubleWeightedMeanSummedInTheOrderAdded() {
        long[] samples = {64, 17, 128};
        float[][] params = {randomFloats(1), randomFloats(2), randomFloats(3)};
        float[][] updater = {randomFloats(4), randomFloats(5), randomFloats(6)};
        RoundResult round = merged(worker(samples[0], params[0], updater[0]), WorkerUpdate.none(),
                worker(samples[1], params[1], updater[1]), worker(samples[2], params[2], updater[2]));
        assertArrayEquals(weightedMean(samples, params), round.averageParams());
        assertArrayEquals(weightedMean(samples, updater), round.averageUpdaterState());
        assertEquals(209, round.samples());
        assertEquals(3, round.batches());
        assertEquals(0.5, round.meanLoss());
        assertEquals(3, round.telemetry().computeNanos());
        assertEquals(3L * 2 * PARAMS * Float.BYTES, round.telemetry().bytesSent());
    }

    @Test
    void theDriversParallelMergeGivesTheSameBitsAsTheSequentialOne() {
        int n = 300_000; // several spans of blocks, and a last block cut short
        long[] samples = {64, 17, 128};
        float[][] params = new float[3][n];
        Random random = new Random(11);
        for (float[] p : params) {
            for (int i = 0; i < n; i++) {
                p[i] = (float) random.nextGaussian();
            }
        }
        params[0][n - 1] = -0.0f;
        params[1][n - 1] = -0.0f;
        params[2][n - 1] = -0.0f;
        float[] expected = sequentialAndParallelMergeAlike(samples, params);
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(expected[n - 1]));
        for (int i = 0; i < n; i += 997) {
            double sum = (double) params[0][i] * 64 + (double) params[1][i] * 17 + (double) params[2][i] * 128;
            assertEquals(Float.floatToRawIntBits((float) (sum / 209)), Float.floatToRawIntBits(expected[i]));
        }
    }

    @Test
    void aPowerOfTwoOfSamplesAveragesToTheBitsOfADivisionSubnormalsAndExtremesIncluded() {
        int n = 200_000;
        long[] samples = {64, 192}; // 256 in all: divided by multiplying with 2^-8
        float[][] params = new float[2][n];
        Random random = new Random(5);
        for (float[] p : params) {
            for (int i = 0; i < n; i++) { // every exponent, subnormals among them
                p[i] = Float.intBitsToFloat(random.nextInt());
            }
            p[0] = Float.MIN_VALUE;
            p[1] = -Float.MAX_VALUE;
            p[2] = -0.0f;
        }
        float[] got = sequentialAndParallelMergeAlike(samples, params);
        for (int i = 0; i < n; i++) {
            double sum = (double) params[0][i] * 64 + (double) params[1][i] * 192;
            int expected = Float.floatToRawIntBits((float) (sum / 256));
            if (!Float.isNaN(got[i]) && Float.floatToRawIntBits(got[i]) != expected) {
                assertEquals(expected, Float.floatToRawIntBits(got[i]), "element " + i);
            }
        }
    }

    @Test
    void theRoundKnowsItsSlowestWorkerAsWellAsTheSumOfTheirComputeTimes() {
        long[] nanos = {5, 9, 2};
        RoundAccumulator accumulator = new RoundAccumulator();
        for (int w = 0; w < nanos.length; w++) {
            accumulator.add(WorkerUpdate.of(64, 1, 32, randomFloats(30 + w), randomFloats(40 + w),
                    BnStepStats.empty(3), null, nanos[w]));
        }
        accumulator.add(WorkerUpdate.none());
        WorkerTelemetry telemetry = accumulator.result().telemetry();
        assertEquals(16, telemetry.computeNanos());
        assertEquals(9, telemetry.slowestComputeNanos());
    }

    @Test
    void oneWorkersRoundIsItsOwnStateBitForBitSignedZerosIncluded() {
        float[] params = randomFloats(7);
        params[0] = -0.0f;
        params[1] = Float.MIN_VALUE;
        params[2] = -Float.MAX_VALUE;
        RoundResult one = merged(WorkerUpdate.none(), worker(50, params, randomFloats(8)), WorkerUpdate.none());
        assertArrayEquals(params, one.averageParams());
        assertEquals(Float.floatToRawIntBits(-0.0f), Float.floatToRawIntBits(one.averageParams()[0]));
        assertEquals(50, one.samples());
    }

    @Test
    void updatesAndRoundsTravelAsFloats() throws IOException {
        long floatBytes = 2L * PARAMS * Float.BYTES;
        WorkerUpdate update = worker(64, randomFloats(9), randomFloats(10));
        assertTrue(serializedSize(update) < floatBytes * 1.1, "an update serializes to " + serializedSize(update));
        RoundResult round = merged(update, worker(64, randomFloats(11), randomFloats(12)));
        assertTrue(serializedSize(round) < floatBytes * 1.1, "a round serializes to " + serializedSize(round));
    }

    @Test
    void updatesRoundsAndRoundInputsSurviveSerializationBitForBit() throws Exception {
        float[] params = randomFloats(13);
        params[0] = Float.NaN;
        params[1] = -0.0f;
        params[2] = Float.MIN_VALUE;
        WorkerUpdate update = worker(64, params, randomFloats(14));
        WorkerUpdate copy = roundTrip(update);
        assertArrayEquals(update.params(), copy.params());
        assertArrayEquals(update.updater(), copy.updater());
        assertEquals(64, copy.samples());
        RoundResult round = merged(worker(64, randomFloats(15), randomFloats(16)), worker(32, randomFloats(17),
                randomFloats(18)));
        RoundResult roundCopy = roundTrip(round);
        assertArrayEquals(round.averageParams(), roundCopy.averageParams());
        assertArrayEquals(round.averageUpdaterState(), roundCopy.averageUpdaterState());
        assertEquals(round.meanLoss(), roundCopy.meanLoss());
        RoundInput input = new RoundInput(params, randomFloats(19), 7, 1, 9, 32, 16, 64, 42L, -1);
        RoundInput inputCopy = roundTrip(input);
        assertArrayEquals(input.params(), inputCopy.params());
        assertArrayEquals(input.updaterState(), inputCopy.updaterState());
        assertEquals(List.of(7, 1, 9, 32, 16, 64, -1), List.of(inputCopy.iteration(), inputCopy.epoch(),
                inputCopy.round(), inputCopy.firstStep(), inputCopy.steps(), inputCopy.batchSize(),
                inputCopy.injectedFaultPartition()));
        assertEquals(42L, inputCopy.seed());
    }

    @Test
    void slicesMergedOneByOneAndJoinedAreTheWholeMergeBitForBit() {
        long[] samples = {64, 17, 128};
        float[][] params = {randomFloats(21), randomFloats(22), randomFloats(23)};
        float[][] updater = {randomFloats(24), randomFloats(25), randomFloats(26)};
        RoundResult whole = merged(worker(samples[0], params[0], updater[0]), worker(samples[1], params[1],
                updater[1]), worker(samples[2], params[2], updater[2]));
        for (int parts : new int[] {1, 3, 7}) {
            List<RoundResult> slices = new java.util.ArrayList<>();
            for (int j = 0; j < parts; j++) {
                RoundAccumulator slice = new RoundAccumulator();
                for (int w = 0; w < 3; w++) {
                    slice.add(worker(samples[w], params[w], updater[w]).slice(j, parts));
                }
                slices.add(slice.result());
            }
            RoundResult joined = RoundResult.join(slices);
            assertArrayEquals(whole.averageParams(), joined.averageParams(), parts + " parts");
            assertArrayEquals(whole.averageUpdaterState(), joined.averageUpdaterState(), parts + " parts");
            assertEquals(whole.samples(), joined.samples());
            assertEquals(whole.meanLoss(), joined.meanLoss());
            assertEquals(whole.telemetry().computeNanos(), joined.telemetry().computeNanos(), "counted once");
            assertEquals(whole.telemetry().bytesSent(), joined.telemetry().bytesSent(), "counted once");
            assertEquals(whole.telemetry().slowestComputeNanos(), joined.telemetry().slowestComputeNanos());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    private static long serializedSize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }
}
