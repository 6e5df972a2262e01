package io.bnsync.train;

import static io.bnsync.train.TrainFixtures.config;
import static io.bnsync.train.TrainFixtures.netWithoutDropout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.DataException;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class RoundsTrainerTest {
    @Test
    void aRoundInWhichEveryShardIsEmptyIsADataErrorAndLeavesTheMasterUntouched() {
        JavaSparkContext sc = TrainFixtures.spark();
        byte[] labels = TrainFixtures.labels(TrainFixtures.digits(256));
        TrainingSet noRows = new TrainingSet(sc.emptyRDD(), labels); // labels say 256 images, no row arrives
        MultiLayerNetwork master = netWithoutDropout(5);
        float[] before = master.params().toFloatVector();
        DataException e = assertThrows(DataException.class, () -> new RoundsTrainer(sc,
                config("workers", "2", "batch-size", "32"), TrainFixtures.quiet()).train(master, noRows));
        assertTrue(e.getMessage().startsWith("round 0 (epoch 1): every worker's shard is empty"), e.getMessage());
        assertArrayEquals(before, master.params().toFloatVector());
    }
}
