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

class WorkerResultTest {
    private static final int PARAMS = 10_000;

    private static float[] randomFloats(long seed) {
        Random random = new Random(seed);
        float[] values = new float[PARAMS];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static WorkerResult worker(long samples, float[] params, float[] updater) {
        return WorkerResult.of(samples, 1, 0.5 * samples, params, updater, BnStepStats.empty(3), null, 1);
    }

    /** The sample-weighted mean in double, as every worker had sent doubles. */
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

    @Test
    void mergedInAnyTreeShapeTheAverageIsTheDoubleWeightedMean() {
        long[] samples = {64, 17, 128};
        float[][] params = {randomFloats(1), randomFloats(2), randomFloats(3)};
        float[][] updater = {randomFloats(4), randomFloats(5), randomFloats(6)};
        WorkerResult leftDeep = WorkerResult.empty()
                .merge(worker(samples[0], params[0], updater[0]))
                .merge(worker(samples[1], params[1], updater[1]))
                .merge(worker(samples[2], params[2], updater[2]));
        WorkerResult rightDeep = worker(samples[0], params[0], updater[0])
                .merge(worker(samples[1], params[1], updater[1]).merge(worker(samples[2], params[2], updater[2])));
        assertArrayEquals(weightedMean(samples, params), leftDeep.averageParams());
        assertArrayEquals(weightedMean(samples, updater), leftDeep.averageUpdaterState());
        assertArrayEquals(weightedMean(samples, params), rightDeep.averageParams());
        assertEquals(209, rightDeep.samples());
    }

    @Test
    void oneWorkersResultIsItsOwnStateAndEmptyIsNeutral() {
        float[] params = randomFloats(7);
        WorkerResult one = WorkerResult.empty().merge(worker(50, params, randomFloats(8))).merge(WorkerResult.empty());
        assertArrayEquals(params, one.averageParams());
        assertEquals(50, one.samples());
    }

    @Test
    void aTasksResultTravelsAsFloats() throws IOException {
        WorkerResult one = WorkerResult.empty().merge(worker(64, randomFloats(9), randomFloats(10)));
        long floatBytes = 2L * PARAMS * Float.BYTES;
        assertEquals(floatBytes, one.workerBytes());
        long serialized = serializedSize(one);
        assertTrue(serialized < floatBytes * 1.1, "a one-worker result serializes to " + serialized + " bytes");
        WorkerResult two = one.merge(worker(64, randomFloats(11), randomFloats(12)));
        assertEquals(2 * floatBytes, two.workerBytes());
        assertTrue(serializedSize(two) > floatBytes * 1.9, "merged sums are doubles");
    }

    @Test
    void resultsAndRoundInputsSurviveSerializationBitForBit() throws Exception {
        float[] params = randomFloats(13);
        params[0] = Float.NaN;
        params[1] = -0.0f;
        params[2] = Float.MIN_VALUE;
        WorkerResult solo = worker(64, params, randomFloats(14));
        WorkerResult copy = roundTrip(solo);
        assertArrayEquals(solo.averageParams(), copy.averageParams());
        assertArrayEquals(solo.averageUpdaterState(), copy.averageUpdaterState());
        assertEquals(64, copy.samples());
        WorkerResult sums = WorkerResult.empty().merge(worker(64, randomFloats(15), randomFloats(16)))
                .merge(worker(32, randomFloats(17), randomFloats(18)));
        WorkerResult sumsCopy = roundTrip(sums);
        assertArrayEquals(sums.averageParams(), sumsCopy.averageParams());
        assertArrayEquals(sums.merge(solo).averageUpdaterState(), sumsCopy.merge(copy).averageUpdaterState());
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
        WorkerResult whole = WorkerResult.empty();
        for (int w = 0; w < 3; w++) {
            whole.merge(worker(samples[w], params[w], updater[w]));
        }
        for (int parts : new int[] {1, 3, 7}) {
            List<WorkerResult> merged = new java.util.ArrayList<>();
            for (int j = 0; j < parts; j++) {
                WorkerResult slice = WorkerResult.empty();
                for (int w = 0; w < 3; w++) {
                    slice.merge(worker(samples[w], params[w], updater[w]).slice(j, parts));
                }
                merged.add(slice);
            }
            WorkerResult joined = WorkerResult.join(merged.stream().map(WorkerResult::averaged).toList());
            assertArrayEquals(whole.averageParams(), joined.averageParams(), parts + " parts");
            assertArrayEquals(whole.averageUpdaterState(), joined.averageUpdaterState(), parts + " parts");
            assertEquals(whole.samples(), joined.samples());
            assertEquals(whole.meanLoss(), joined.meanLoss());
            assertEquals(3, joined.localRunningStats().size(), "counted once, from part 0");
        }
        WorkerResult one = WorkerResult.join(List.of(worker(50, params[0], updater[0]).slice(0, 2),
                worker(50, params[0], updater[0]).slice(1, 2)));
        assertArrayEquals(params[0], one.averageParams(), "one worker's slices join to its own arrays");
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
