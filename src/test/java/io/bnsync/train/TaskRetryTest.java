package io.bnsync.train;

import static io.bnsync.train.TrainFixtures.config;
import static io.bnsync.train.TrainFixtures.copyOf;
import static io.bnsync.train.TrainFixtures.digits;
import static io.bnsync.train.TrainFixtures.netWithoutDropout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistDataset;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/**
 * A task that fails mid-training — after its first minibatch, its pooled network trained part-way — is retried by
 * Spark, and the result is bitwise the fault-free model: a worker's result depends only on the broadcast state, its
 * shard and the seed, a failed attempt's partial work is never merged, the network it leaves in the pool is fully
 * reset by the next round's load, and the results are merged in partition order whatever order the tasks end in.
 */
class TaskRetryTest {
    @Test
    void aFailedAndRetriedTaskLeavesTheModelUnchanged() {
        MnistDataset data = digits(768);
        MultiLayerNetwork start = netWithoutDropout(41);
        // Three workers: double sums over three results depend on their order, which must not follow task timing.
        var cfg = config("workers", "3", "averaging-frequency", "2", "batch-size", "32", "seed", "4");

        MultiLayerNetwork faultFree = copyOf(start);
        List<RoundRecord> cleanRounds = train(faultFree, data, cfg, null);
        MultiLayerNetwork retried = copyOf(start);
        List<RoundRecord> retriedRounds = train(retried, data, cfg, "2:1");

        assertArrayEquals(faultFree.params().toFloatVector(), retried.params().toFloatVector());
        assertEquals(cleanRounds.size(), retriedRounds.size());
        for (int r = 0; r < cleanRounds.size(); r++) {
            assertEquals(cleanRounds.get(r).samples(), retriedRounds.get(r).samples(), "round " + r + " samples");
        }
        assertTrue(cleanRounds.size() > 2, "the failing round must exist");

        // Merged by slices through a shuffle instead (spark.bnsync.merge=sliced; auto uses it above 4 workers), with
        // the same failure: element by element the same sums in the same order, so bitwise the same state.
        MultiLayerNetwork sliced = copyOf(start);
        train(sliced, data, cfg, "2:1", "sliced");
        assertArrayEquals(faultFree.params().toFloatVector(), sliced.params().toFloatVector());
        assertArrayEquals(faultFree.getUpdater().getStateViewArray().toFloatVector(),
                sliced.getUpdater().getStateViewArray().toFloatVector());

        // Pulled from and pushed to the driver's endpoint instead (spark.bnsync.merge=push, auto's choice), with the
        // same failure (before the attempt pushes; a push is taken by its attempt's key, DriverEndpointTest): the
        // same updates in the same order, so bitwise the same state.
        MultiLayerNetwork pushed = copyOf(start);
        train(pushed, data, cfg, "2:1", "push");
        assertArrayEquals(faultFree.params().toFloatVector(), pushed.params().toFloatVector());
        assertArrayEquals(faultFree.getUpdater().getStateViewArray().toFloatVector(),
                pushed.getUpdater().getStateViewArray().toFloatVector());
    }

    private static List<RoundRecord> train(MultiLayerNetwork net, MnistDataset data,
                                           io.bnsync.config.TrainConfig cfg, String failTask) {
        return train(net, data, cfg, failTask, "direct");
    }

    /** Trains on a separate local Spark that allows task retries (local[2,3]). */
    private static List<RoundRecord> train(MultiLayerNetwork net, MnistDataset data,
                                           io.bnsync.config.TrainConfig cfg, String failTask, String merge) {
        SparkConf conf = new SparkConf().setMaster("local[2,3]").setAppName("retry-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set(MergeTopology.PROPERTY, merge);
        if (failTask != null) {
            conf.set(InjectedFault.PROPERTY, failTask);
        }
        JavaSparkContext shared = TrainFixtures.spark();
        shared.stop(); // one SparkContext per JVM: replace the shared one for this test
        TrainFixtures.reset();
        List<RoundRecord> rounds = new ArrayList<>();
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            new RoundsTrainer(sc, cfg, TrainingObserver.collectingRounds(rounds))
                    .train(net, TrainingSet.parallelize(sc, data, 3));
        }
        return rounds;
    }
}
