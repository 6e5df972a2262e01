package io.bnsync.train;

import static io.bnsync.train.TrainFixtures.copyOf;
import static io.bnsync.train.TrainFixtures.digits;
import static io.bnsync.train.TrainFixtures.maxRelativeDiff;
import static io.bnsync.train.TrainFixtures.netWithoutDropout;
import static io.bnsync.train.TrainFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistDataset;
import io.bnsync.model.ChannelMoments;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.SeedNet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class BnRecalibratorTest {
    @Test
    void distributedRecalibrationEqualsPopulationStatisticsLayerByLayer() {
        MnistDataset data = digits(300);
        int images = 250;
        MultiLayerNetwork trained = netWithoutDropout(31);
        trained.fit(MnistBatches.batch(data, 0, 64)); // move weights and running stats off their initial values
        MultiLayerNetwork distributed = copyOf(trained);
        TrainingSet set = TrainingSet.parallelize(spark(), data, 3);
        BnRecalibrator.recalibrate(spark(), distributed, set, images, 32, NetworkSpec.of(distributed, 2, spark()));

        MultiLayerNetwork reference = copyOf(trained);
        int[] bn = SeedNet.batchNormLayers();
        var features = MnistBatches.batch(data, 0, images).getFeatures();
        for (int l = 0; l < bn.length; l++) {
            var input = reference.feedForwardToLayer(bn[l] - 1, features, false).get(bn[l]);
            ChannelMoments population = ChannelMoments.of(input, null);
            BnRunningStats.read(reference, bn).withLayer(l, population).write(reference, bn);
        }
        BnRunningStats expected = BnRunningStats.read(reference, bn);
        BnRunningStats actual = BnRunningStats.read(distributed, bn);
        BnRunningStats before = BnRunningStats.read(trained, bn);
        for (int l = 0; l < bn.length; l++) {
            assertTrue(maxRelativeDiff(expected.mean(l), actual.mean(l)) < 1e-4, "mean, layer " + l);
            assertTrue(maxRelativeDiff(expected.variance(l), actual.variance(l)) < 1e-4, "variance, layer " + l);
            assertTrue(actual.maxRelativeVarDiff(before, l) > 1e-3, "layer " + l + " was not changed");
        }
    }
}
