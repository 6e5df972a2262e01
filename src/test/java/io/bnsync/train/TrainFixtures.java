package io.bnsync.train;

import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.NativeRuntime;
import io.bnsync.model.SeedNet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.Adam;

/** Shared set-up of the training tests: a local Spark, synthetic digits, configs and replays. */
final class TrainFixtures {
    private static MnistDataset train;
    private static JavaSparkContext sc;

    private TrainFixtures() {
    }

    static synchronized JavaSparkContext spark() {
        if (sc == null || sc.sc().isStopped()) { // another test class may have stopped the JVM's session
            SparkSession s = SparkSession.builder().appName("bnsync-train-test").master("local[2]")
                    .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                    .getOrCreate();
            sc = JavaSparkContext.fromSparkContext(s.sparkContext());
        }
        return sc;
    }

    /** Forgets the shared context (after a test stopped it to run its own). */
    static synchronized void reset() {
        sc = null;
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** The first {@code n} of the synthetic training digits (the engine's behaviour needs no real MNIST). */
    static synchronized MnistDataset digits(int n) {
        if (train == null || train.size() < n) {
            train = SyntheticMnist.digits(Math.max(n, SyntheticMnist.TRAIN_IMAGES), 1);
        }
        return train.head(n);
    }

    static TrainConfig config(String... keyValues) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("data", "unused");
        m.put("progress-seconds", "1000");
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return TrainConfigLoader.load(null, m, Map.of());
    }

    /**
     * A seed net without dropout (so steps can be replayed) with a plain Adam updater, and the
     * BatchNorm helper the trainer's workers use: a replay must run the same float kernels, since
     * Adam turns float noise in the (ideally zero) gradients of the conv biases before BatchNorm
     * into steps of the full learning rate.
     */
    static MultiLayerNetwork netWithoutDropout(long seed) {
        MultiLayerNetwork net = new MultiLayerNetwork(SeedNet.configuration(seed, new Adam(1e-3), false));
        net.init();
        return NativeRuntime.prepare(net);
    }

    /**
     * {@code work}'s result, computed on a thread set up as a worker's task thread with {@code threads} native threads:
     * oneDNN's float results depend on its OpenMP team size, so a replay must use the workers' (NativeRuntime.useThreads).
     */
    static <T> T onTaskThread(int threads, Supplier<T> work) {
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            return thread.submit(() -> {
                NativeRuntime.useThreads(threads);
                return work.get();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) { // a failed assertion stays one
                throw error;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            thread.shutdown();
        }
    }

    static MultiLayerNetwork copyOf(MultiLayerNetwork net) {
        MultiLayerNetwork copy = new MultiLayerNetwork(net.getLayerWiseConfigurations().clone());
        copy.init(net.params().dup(), false);
        copy.getUpdater().getStateViewArray().assign(net.getUpdater().getStateViewArray());
        copy.setIterationCount(net.getIterationCount());
        copy.setEpochCount(net.getEpochCount());
        return NativeRuntime.prepare(copy);
    }

    /** Shard {@code w} of an epoch's plan, in training order, as the trainer builds it. */
    static MnistDataset shard(MnistDataset data, ShardPlan plan, int w) {
        int[] ids = IntStream.range(0, data.size()).filter(i -> plan.shardOf(i) == w).boxed()
                .sorted(Comparator.comparingInt(plan::positionOf)).mapToInt(Integer::intValue).toArray();
        return data.select(ids);
    }

    static byte[] labels(MnistDataset data) {
        byte[] labels = new byte[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) data.label(i);
        }
        return labels;
    }

    static TrainingObserver quiet() {
        return new TrainingObserver() {
            @Override
            public void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch) {
            }

            @Override
            public void onEpoch(EpochRecord record) {
            }
        };
    }

    static double maxRelativeDiff(double[] expected, double[] actual) {
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]) / Math.max(Math.abs(expected[i]), 1e-3));
        }
        return max;
    }

    static String describe(double[] a) {
        return Arrays.toString(Arrays.copyOf(a, Math.min(4, a.length)));
    }

    static int batches(int size, int batchSize) {
        return MnistBatches.batchCount(size, batchSize);
    }
}
