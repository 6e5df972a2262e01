package io.bnsync.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class ScheduledAdaDeltaTest {
    private static final double RHO = 0.9;
    private static final double EPS = 1e-6;

    /** PyTorch's Adadelta step in plain doubles; returns lr*delta and advances sq/acc. */
    private static double[] pytorchStep(double[] g, double[] sq, double[] acc, double lr) {
        double[] update = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            sq[i] = RHO * sq[i] + (1 - RHO) * g[i] * g[i];
            double delta = Math.sqrt(acc[i] + EPS) / Math.sqrt(sq[i] + EPS) * g[i];
            acc[i] = RHO * acc[i] + (1 - RHO) * delta * delta;
            update[i] = lr * delta;
        }
        return update;
    }

    @Test
    void updatesMatchPytorchFormulaAcrossEpochDecay() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            int n = 13;
            ScheduledAdaDelta config = new ScheduledAdaDelta(1.0,
                    new ExponentialSchedule(ScheduleType.EPOCH, 1.0, 0.7), RHO, EPS);
            INDArray state = Nd4j.zeros(type, 1, config.stateSize(n));
            GradientUpdater updater = config.instantiate(state, true);

            double[] sq = new double[n];
            double[] acc = new double[n];
            Random random = new Random(42);
            int[] epochs = {0, 0, 0, 0, 0, 1, 1};
            for (int iteration = 0; iteration < epochs.length; iteration++) {
                double[] g = new double[n];
                for (int i = 0; i < n; i++) {
                    // Mixed magnitudes, rounded to the array type so both sides see the same gradient.
                    g[i] = random.nextGaussian() * Math.pow(10, random.nextInt(4) - 2);
                }
                INDArray gradient = Nd4j.create(g, new long[] {n}, type);
                g = gradient.toDoubleVector();

                updater.applyUpdater(gradient, iteration, epochs[iteration]);
                double lr = epochs[iteration] == 0 ? 1.0 : 0.7;
                double[] expected = pytorchStep(g, sq, acc, lr);

                double[] actual = gradient.toDoubleVector();
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[i], actual[i], 1e-5 * Math.abs(expected[i]) + 1e-12,
                            type + " iteration " + iteration + " element " + i);
                }
            }
            // State must hold PyTorch's sq (first half) and acc of the unscaled delta (second half).
            double[] s = state.toDoubleVector();
            for (int i = 0; i < n; i++) {
                assertEquals(sq[i], s[i], 1e-5 * sq[i] + 1e-15, "sq " + i);
                assertEquals(acc[i], s[n + i], 1e-5 * acc[i] + 1e-15, "acc " + i);
            }
        }
    }

    @Test
    void learningRateComesFromScheduleOrFixedValue() {
        ScheduledAdaDelta scheduled = new ScheduledAdaDelta(1.0,
                new ExponentialSchedule(ScheduleType.EPOCH, 1.0, 0.7), RHO, EPS);
        assertEquals(1.0, scheduled.getLearningRate(123, 0), 0);
        assertEquals(0.49, scheduled.getLearningRate(0, 2), 1e-12);
        assertTrue(scheduled.hasLearningRate());

        ScheduledAdaDelta fixed = new ScheduledAdaDelta();
        assertEquals(1.0, fixed.getLearningRate(5, 5), 0);
        fixed.setLrAndSchedule(0.3, null);
        assertEquals(0.3, fixed.getLearningRate(5, 5), 0);
    }

    @Test
    void equalityAndCloneCoverEveryField() {
        ScheduledAdaDelta a = new ScheduledAdaDelta(1.0, new ExponentialSchedule(ScheduleType.EPOCH, 1.0, 0.7), RHO, EPS);
        ScheduledAdaDelta b = a.clone();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, new ScheduledAdaDelta(1.0, new ExponentialSchedule(ScheduleType.EPOCH, 1.0, 0.8), RHO, EPS));
        assertNotEquals(a, new ScheduledAdaDelta(1.0, null, RHO, EPS));
        assertNotEquals(a, new ScheduledAdaDelta(1.0, a.getLrSchedule(), 0.95, EPS));
        assertNotEquals(a, new ScheduledAdaDelta(1.0, a.getLrSchedule(), RHO, 1e-8));
        assertNotEquals(new ScheduledAdaDelta(), new ScheduledAdaDelta(0.5, null, RHO, EPS));
    }

    private static MultiLayerConfiguration smallConf(IUpdater updater) {
        return new NeuralNetConfiguration.Builder()
                .seed(7)
                .dataType(DataType.FLOAT)
                .updater(updater)
                .list()
                .layer(new DenseLayer.Builder().nIn(6).nOut(5).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().nOut(5).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
    }

    private static DataSet smallBatch(long seed) {
        Nd4j.getRandom().setSeed(seed);
        INDArray features = Nd4j.randn(DataType.FLOAT, 8, 6);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            labels.putScalar(i, i % 3, 1.0);
        }
        return new DataSet(features, labels);
    }

    @Test
    void configurationJsonRoundTrips() {
        MultiLayerConfiguration conf = smallConf(OptimizerKind.ADADELTA.updater(1.0, 0.7));
        String json = conf.toJson();
        assertTrue(json.contains(ScheduledAdaDelta.class.getName()), json);
        MultiLayerConfiguration restored = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, restored);
        assertEquals(json, restored.toJson());
    }

    @Test
    void modelWithUpdaterStateSavesAndRestoresExactly(@TempDir Path dir) throws Exception {
        MultiLayerNetwork net = new MultiLayerNetwork(smallConf(OptimizerKind.ADADELTA.updater(1.0, 0.7)));
        net.init();
        net.fit(smallBatch(1));
        net.fit(smallBatch(2));
        net.setEpochCount(1); // so the next step runs at lr 0.7 on both copies

        File file = dir.resolve("net.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);

        assertArrayEquals(net.params().toFloatVector(), restored.params().toFloatVector());
        INDArray state = net.getUpdater().getStateViewArray();
        assertTrue(state.sumNumber().doubleValue() > 0, "updater state should be non-trivial");
        assertEquals(state, restored.getUpdater().getStateViewArray());
        assertEquals(1, restored.getEpochCount());

        DataSet next = smallBatch(3);
        net.fit(next);
        restored.fit(next);
        assertArrayEquals(net.params().toFloatVector(), restored.params().toFloatVector());
        assertArrayEquals(net.getUpdater().getStateViewArray().toFloatVector(),
                restored.getUpdater().getStateViewArray().toFloatVector());
    }

    @Test
    void networkStepScalesWithLearningRate() {
        // On the first step the accumulators are zero, so lr 0.5 must move every trained param exactly
        // half as far. BatchNorm's running statistics (mean, var or log10 stdev) are moving averages,
        // not trained by the updater, so they are left out.
        MultiLayerNetwork full = new MultiLayerNetwork(smallConf(new ScheduledAdaDelta(1.0, null, RHO, EPS)));
        MultiLayerNetwork half = new MultiLayerNetwork(smallConf(new ScheduledAdaDelta(0.5, null, RHO, EPS)));
        full.init();
        half.init();
        Map<String, INDArray> start = new HashMap<>();
        full.paramTable().forEach((name, value) -> start.put(name, value.dup()));
        assertArrayEquals(full.params().toFloatVector(), half.params().toFloatVector());

        DataSet batch = smallBatch(4);
        full.fit(batch);
        half.fit(batch);
        int trained = 0;
        for (String name : start.keySet()) {
            if (name.endsWith("_mean") || name.endsWith("_var") || name.endsWith("_log10stdev")) {
                continue;
            }
            trained++;
            double[] f = full.getParam(name).sub(start.get(name)).ravel().toDoubleVector();
            double[] h = half.getParam(name).sub(start.get(name)).ravel().toDoubleVector();
            for (int i = 0; i < f.length; i++) {
                assertNotEquals(0.0, f[i], name + "[" + i + "] did not move");
                assertEquals(0.5 * f[i], h[i], 1e-6 + 1e-4 * Math.abs(f[i]), name + "[" + i + "]");
            }
        }
        assertEquals(6, trained, "W,b of both dense layers plus gamma,beta: " + start.keySet());
    }
}
