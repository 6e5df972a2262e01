package io.bnsync.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EvaluationAccumulatorTest {
    @Test
    void singleSamplesGiveArgmaxAndClampedLoss() {
        EvaluationAccumulator acc = new EvaluationAccumulator(3);
        acc.add(0, new double[] {0.5, 0.25, 0.25});   // right, loss ln 2
        acc.add(1, new double[] {0.6, 0.4, 0.0});     // wrong, predicted 0, loss -ln 0.4
        acc.add(2, new double[] {0.5, 0.5, 0.0});     // wrong, tie -> lowest index, p clamped to 1e-12
        EvaluationReport r = acc.toReport();

        assertArrayEquals(new long[] {1, 0, 0}, r.confusionMatrix()[0]);
        assertArrayEquals(new long[] {1, 0, 0}, r.confusionMatrix()[1]);
        assertArrayEquals(new long[] {1, 0, 0}, r.confusionMatrix()[2]);
        double expected = (Math.log(2) - Math.log(0.4) - Math.log(1e-12)) / 3;
        assertEquals(expected, r.loss(), 1e-12);
        assertEquals(1.0 / 3, r.accuracy(), 1e-12);
    }

    @Test
    void batchAddReadsOneHotLabels() {
        INDArray p = Nd4j.createFromArray(new float[][] {{0.1f, 0.9f}, {0.8f, 0.2f}});
        INDArray y = Nd4j.createFromArray(new float[][] {{0f, 1f}, {0f, 1f}});
        EvaluationAccumulator acc = new EvaluationAccumulator(2);
        acc.add(p, y);
        EvaluationReport r = acc.toReport();
        assertArrayEquals(new long[] {0, 0}, r.confusionMatrix()[0]);
        assertArrayEquals(new long[] {1, 1}, r.confusionMatrix()[1]);
        assertEquals(-(Math.log(0.9f) + Math.log(0.2f)) / 2, r.loss(), 1e-7);
    }

    @Test
    void mergeOfHalvesEqualsWhole() throws Exception {
        Random random = new Random(3);
        EvaluationAccumulator whole = new EvaluationAccumulator();
        EvaluationAccumulator first = new EvaluationAccumulator();
        EvaluationAccumulator second = new EvaluationAccumulator();
        for (int i = 0; i < 200; i++) {
            double[] p = randomDistribution(random, 10);
            int label = random.nextInt(10);
            whole.add(label, p);
            (i < 90 ? first : second).add(label, p);
        }
        // Through Java serialization, as Spark would ship a partial result between JVMs.
        EvaluationAccumulator merged = roundTrip(first).merge(roundTrip(second));

        EvaluationReport expected = whole.toReport();
        EvaluationReport actual = merged.toReport();
        assertEquals(200, actual.count());
        for (int t = 0; t < 10; t++) {
            assertArrayEquals(expected.confusionMatrix()[t], actual.confusionMatrix()[t]);
        }
        assertEquals(expected.loss(), actual.loss(), 1e-12);
        assertEquals(expected.accuracy(), actual.accuracy(), 0);
    }

    @Test
    void rejectsMismatchedShapes() {
        EvaluationAccumulator acc = new EvaluationAccumulator(3);
        assertThrows(IllegalArgumentException.class, () -> acc.add(0, new double[] {1.0, 0.0}));
        assertThrows(IllegalArgumentException.class, () -> acc.add(3, new double[] {1.0, 0.0, 0.0}));
        assertThrows(IllegalArgumentException.class, () -> acc.merge(new EvaluationAccumulator(4)));
    }

    private static double[] randomDistribution(Random random, int n) {
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = random.nextDouble();
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static EvaluationAccumulator roundTrip(EvaluationAccumulator acc) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(acc);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (EvaluationAccumulator) in.readObject();
        }
    }
}
