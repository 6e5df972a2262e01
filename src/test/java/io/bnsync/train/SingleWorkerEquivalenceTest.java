package io.bnsync.train;

import static io.bnsync.train.TrainFixtures.config;
import static io.bnsync.train.TrainFixtures.copyOf;
import static io.bnsync.train.TrainFixtures.labels;
import static io.bnsync.train.TrainFixtures.maxRelativeDiff;
import static io.bnsync.train.TrainFixtures.digits;
import static io.bnsync.train.TrainFixtures.netWithoutDropout;
import static io.bnsync.train.TrainFixtures.quiet;
import static io.bnsync.train.TrainFixtures.shard;
import static io.bnsync.train.TrainFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.Partitioning;
import io.bnsync.data.MnistDataset;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.SeedNet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

/** With one worker, rounds + exact sync must be plain DL4J training on the same minibatches. */
class SingleWorkerEquivalenceTest {
    @Test
    void oneWorkerExactMatchesPlainDl4jTraining() {
        int batch = 16;
        int k = 3;
        MnistDataset data = digits(7 * batch + 5); // 8 steps, the last one partial; 3 rounds
        MultiLayerNetwork start = netWithoutDropout(21);
        MultiLayerNetwork rounds = copyOf(start);
        int roundsRun = new RoundsTrainer(spark(), config("workers", "1", "averaging-frequency", "" + k,
                "batch-size", "" + batch, "seed", "9"), quiet())
                .train(rounds, TrainingSet.parallelize(spark(), data, 2));
        assertEquals(3, roundsRun);

        MultiLayerNetwork plain = copyOf(start);
        MnistDataset shard = shard(data, ShardPlan.create(labels(data), 1, Partitioning.IID, 9, 0), 0);
        for (int s = 0; s < 8; s++) {
            plain.fit(MnistBatches.batch(shard, s * batch, Math.min((s + 1) * batch, shard.size())));
        }
        double paramError = maxRelativeDiff(plain.params().toDoubleVector(), rounds.params().toDoubleVector());
        assertTrue(paramError < 1e-3, "parameters differ: max relative error " + paramError);
        BnRunningStats a = BnRunningStats.read(plain, SeedNet.batchNormLayers());
        BnRunningStats b = BnRunningStats.read(rounds, SeedNet.batchNormLayers());
        for (int l = 0; l < a.layers(); l++) {
            assertTrue(maxRelativeDiff(a.mean(l), b.mean(l)) < 1e-4, "BN mean, layer " + l);
            assertTrue(maxRelativeDiff(a.variance(l), b.variance(l)) < 1e-4, "BN variance, layer " + l);
        }
        assertEquals(plain.getIterationCount(), rounds.getIterationCount());
    }
}
