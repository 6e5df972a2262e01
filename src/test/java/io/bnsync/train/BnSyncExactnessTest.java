package io.bnsync.train;

import static io.bnsync.train.TrainFixtures.config;
import static io.bnsync.train.TrainFixtures.copyOf;
import static io.bnsync.train.TrainFixtures.digits;
import static io.bnsync.train.TrainFixtures.labels;
import static io.bnsync.train.TrainFixtures.maxRelativeDiff;
import static io.bnsync.train.TrainFixtures.netWithoutDropout;
import static io.bnsync.train.TrainFixtures.onTaskThread;
import static io.bnsync.train.TrainFixtures.quiet;
import static io.bnsync.train.TrainFixtures.shard;
import static io.bnsync.train.TrainFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.Partitioning;
import io.bnsync.config.TrainConfig;
import io.bnsync.data.MnistDataset;
import io.bnsync.model.ChannelMoments;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.SeedNet;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The driver's synced BatchNorm statistics, checked independently of the trainer's listener:
 * each worker's steps are replayed in this JVM from the same starting state on the same
 * minibatches, its BN inputs taken with {@code feedForward}, concatenated across workers per step.
 */
class BnSyncExactnessTest {
    private static final int WORKERS = 2;
    private static final int BATCH = 16;
    private static final long SEED = 5;
    private static final int[] BN = SeedNet.batchNormLayers();

    @ParameterizedTest(name = "K = {0}")
    @ValueSource(ints = {1, 3})
    void exactSyncEqualsRunningAverageOverConcatenatedWorkerInputs(int k) {
        MnistDataset data = digits(WORKERS * k * BATCH); // exactly one round
        MultiLayerNetwork start = netWithoutDropout(11);
        MultiLayerNetwork master = copyOf(start);
        train(master, data, config("workers", "2", "averaging-frequency", "" + k, "batch-size", "" + BATCH,
                "seed", "" + SEED));

        Replay replay = replay(start, data, Partitioning.IID, k);
        BnRunningStats expected = BnRunningStats.read(start, BN).updatedWith(replay.steps, SeedNet.BN_DECAY);
        BnRunningStats actual = BnRunningStats.read(master, BN);
        for (int l = 0; l < BN.length; l++) {
            double meanError = maxRelativeDiff(expected.mean(l), actual.mean(l));
            double varError = maxRelativeDiff(expected.variance(l), actual.variance(l));
            assertTrue(meanError <= 1e-5, "BN layer " + l + " mean relative error " + meanError);
            assertTrue(varError <= 1e-5, "BN layer " + l + " variance relative error " + varError);
        }
    }

    /**
     * What the merge is and is not, against one process training on the global batch: at K = 1 the first BN layer
     * sees, on the workers together, exactly the global minibatch's inputs (every worker starts from the same
     * weights, and nothing normalises in front of it), so its running statistics are one process's at batch W·B —
     * variance convention included (the global batch's population variance, ÷ W·B). The later BN layers' inputs
     * were normalised upstream with each worker's own batch statistics, so theirs are not (README says so).
     */
    @Test
    void atKEqualOneTheFirstBnLayerHoldsWhatOneProcessTrainingOnTheGlobalBatchHolds() {
        MnistDataset data = digits(WORKERS * BATCH); // one step of one round
        MultiLayerNetwork start = netWithoutDropout(13);
        MultiLayerNetwork master = copyOf(start);
        train(master, data, config("workers", "2", "averaging-frequency", "1", "batch-size", "" + BATCH,
                "seed", "" + SEED));

        ShardPlan plan = ShardPlan.create(labels(data), WORKERS, Partitioning.IID, SEED, 0);
        MnistDataset global = shard(data, plan, 0);
        for (int w = 1; w < WORKERS; w++) {
            MnistDataset next = shard(data, plan, w);
            List<byte[]> rows = new java.util.ArrayList<>();
            List<Integer> rowLabels = new java.util.ArrayList<>();
            for (MnistDataset part : List.of(global, next)) {
                for (int i = 0; i < part.size(); i++) {
                    rows.add(part.image(i));
                    rowLabels.add(part.label(i));
                }
            }
            global = MnistDataset.ofRows(rows, rowLabels);
        }
        MultiLayerNetwork single = copyOf(start);
        single.fit(MnistBatches.batch(global, 0, global.size())); // one process, batch W·B

        BnRunningStats expected = BnRunningStats.read(single, BN);
        BnRunningStats actual = BnRunningStats.read(master, BN);
        double meanError = maxRelativeDiff(expected.mean(0), actual.mean(0));
        double varError = maxRelativeDiff(expected.variance(0), actual.variance(0));
        assertTrue(meanError <= 1e-5, "first BN layer mean relative error " + meanError);
        assertTrue(varError <= 1e-5, "first BN layer variance relative error " + varError);
    }

    @Test
    void naiveAveragesLog10StdLikeDl4jSparkAndDiffersFromExactOnSkewedShards() {
        int k = 2;
        MnistDataset data = digits(WORKERS * k * BATCH);
        MultiLayerNetwork start = netWithoutDropout(12);
        MultiLayerNetwork naive = copyOf(start);
        train(naive, data, config("workers", "2", "averaging-frequency", "" + k, "batch-size", "" + BATCH,
                "seed", "" + SEED, "bn-sync", "naive", "partitioning", "by-label"));

        Replay replay = replay(start, data, Partitioning.BY_LABEL, k);
        BnRunningStats exact = BnRunningStats.read(start, BN).updatedWith(replay.steps, SeedNet.BN_DECAY);
        double largestExactVsNaive = 0;
        for (int l = 0; l < BN.length; l++) {
            double[] meanOfLog10Std = new double[replay.workerLog10Std.get(0)[l].length];
            for (double[][] worker : replay.workerLog10Std) {
                for (int c = 0; c < meanOfLog10Std.length; c++) {
                    meanOfLog10Std[c] += worker[l][c] / WORKERS;
                }
            }
            double[] stored = naive.getLayer(BN[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)
                    .toDoubleVector();
            double error = maxRelativeDiff(meanOfLog10Std, stored);
            assertTrue(error <= 1e-5, "BN layer " + l + ": naive is not the mean of log10stdev (" + error + ")");
            largestExactVsNaive = Math.max(largestExactVsNaive,
                    BnRunningStats.read(naive, BN).maxRelativeVarDiff(exact, l));
        }
        assertTrue(largestExactVsNaive > 1e-3, "naive and exact variances should differ, max rel diff "
                + largestExactVsNaive);
    }

    private static void train(MultiLayerNetwork master, MnistDataset data, TrainConfig config) {
        new RoundsTrainer(spark(), config, quiet()).train(master, TrainingSet.parallelize(spark(), data, 2));
    }

    /** What the replay saw: merged BN input statistics per step, and each worker's final log10stdev. */
    private record Replay(BnStepStats steps, List<double[][]> workerLog10Std) {
    }

    /** The workers' steps, replayed with the native threads of their tasks (local[2], two workers: one each). */
    private static Replay replay(MultiLayerNetwork start, MnistDataset data, Partitioning partitioning, int k) {
        return onTaskThread(1, () -> replayHere(start, data, partitioning, k));
    }

    private static Replay replayHere(MultiLayerNetwork start, MnistDataset data, Partitioning partitioning, int k) {
        ShardPlan plan = ShardPlan.create(labels(data), WORKERS, partitioning, SEED, 0);
        double[][][][] inputs = new double[k][BN.length][][]; // [step][layer][channel][values]
        List<double[][]> finalLog10Std = new java.util.ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            MultiLayerNetwork net = copyOf(start);
            MnistDataset shard = shard(data, plan, w);
            for (int s = 0; s < k; s++) {
                DataSet batch = MnistBatches.batch(shard, s * BATCH, (s + 1) * BATCH);
                List<INDArray> activations = net.feedForward(batch.getFeatures(), true);
                for (int l = 0; l < BN.length; l++) {
                    inputs[s][l] = concat(inputs[s][l], channelMajor(activations.get(BN[l])));
                }
                net.fit(batch);
            }
            double[][] log10Std = new double[BN.length][];
            for (int l = 0; l < BN.length; l++) {
                log10Std[l] = net.getLayer(BN[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)
                        .toDoubleVector();
            }
            finalLog10Std.add(log10Std);
        }
        BnStepStats steps = BnStepStats.empty(BN.length);
        for (int s = 0; s < k; s++) {
            for (int l = 0; l < BN.length; l++) {
                steps.record(l, s, ChannelMoments.ofValues(inputs[s][l]));
            }
        }
        return new Replay(steps, finalLog10Std);
    }

    /** [n, C] or [n, C, H, W] activations as values[channel][...], in double. */
    private static double[][] channelMajor(INDArray activations) {
        INDArray x = activations.castTo(DataType.DOUBLE);
        long channels = x.size(1);
        INDArray perChannel = x.rank() == 4 ? x.permute(1, 0, 2, 3).dup('c').reshape(channels, -1)
                : x.transpose().dup('c');
        return perChannel.toDoubleMatrix();
    }

    private static double[][] concat(double[][] a, double[][] b) {
        if (a == null) {
            return b;
        }
        double[][] out = new double[a.length][];
        for (int c = 0; c < a.length; c++) {
            out[c] = new double[a[c].length + b[c].length];
            System.arraycopy(a[c], 0, out[c], 0, a[c].length);
            System.arraycopy(b[c], 0, out[c], a[c].length, b[c].length);
        }
        return out;
    }
}
