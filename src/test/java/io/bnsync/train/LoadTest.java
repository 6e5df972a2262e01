package io.bnsync.train;

import static io.bnsync.train.TrainFixtures.config;
import static io.bnsync.train.TrainFixtures.digits;
import static io.bnsync.train.TrainFixtures.spark;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.TrainConfig;
import io.bnsync.data.MnistDataset;
import io.bnsync.model.SeedNet;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.learning.config.Adam;

/** Many more partitions than cores, and shards of very different sizes. */
class LoadTest {
    private static final long HEAP_BOUND = 3L << 30;
    private static final long PHYSICAL_BOUND = 6L << 30;

    @Test
    void sixtyFourWorkersOnTwoCoresCountEverySampleOnceWithBoundedMemory() {
        List<RoundRecord> rounds = train(4096, config("workers", "64", "batch-size", "16", "averaging-frequency", "2"));
        assertEquals(2, rounds.size());
        assertEquals(4096, rounds.stream().mapToLong(RoundRecord::samples).sum());
        rounds.forEach(r -> assertEquals(64, r.workersActive()));
        MemoryPeak peak = rounds.stream().map(RoundRecord::workerMemory).reduce(MemoryPeak.none(), MemoryPeak::max);
        assertTrue(peak.heapBytes() > 0 && peak.physicalBytes() > 0, "memory is reported");
        // docs/RELIABILITY.md's bounds, above the peaks measured (2.3 / 4.6 GiB, results merged by slices), below
        // what per-worker copies of the net and its results would add (64 x 13.7 MB results: 0.9 GiB per copy).
        assertTrue(peak.heapBytes() <= HEAP_BOUND, "peak heap " + (peak.heapBytes() >> 20) + " MiB");
        assertTrue(peak.physicalBytes() <= PHYSICAL_BOUND, "peak physical " + (peak.physicalBytes() >> 20) + " MiB");
        System.out.printf("64 workers: peak heap %d MiB, peak physical %d MiB%n", peak.heapBytes() >> 20,
                peak.physicalBytes() >> 20);
    }

    @Test
    void skewedShardsTrainUntilTheLargestIsDoneAndCountEverySample() {
        List<RoundRecord> rounds = train(1000, config("workers", "4", "batch-size", "32", "averaging-frequency", "4",
                "partitioning", "skewed"));
        // Shards of 100, 200, 300, 400 images: 4, 7, 10, 13 minibatches; K = 4 → 4 rounds.
        assertEquals(List.of(4, 3, 2, 1), rounds.stream().map(RoundRecord::workersActive).toList());
        assertEquals(1000, rounds.stream().mapToLong(RoundRecord::samples).sum());
    }

    private static List<RoundRecord> train(int images, TrainConfig config) {
        MnistDataset data = digits(images);
        MultiLayerNetwork net = SeedNet.create(1, new Adam(1e-3));
        List<RoundRecord> rounds = new ArrayList<>();
        new RoundsTrainer(spark(), config, TrainingObserver.collectingRounds(rounds))
                .train(net, TrainingSet.parallelize(spark(), data, 4));
        assertTrue(Double.isFinite(net.params().sumNumber().doubleValue()));
        return rounds;
    }
}
