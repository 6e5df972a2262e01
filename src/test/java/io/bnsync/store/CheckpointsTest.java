package io.bnsync.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.bnsync.model.SeedNet;
import io.bnsync.train.TrainingProgress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.learning.config.Adam;

class CheckpointsTest {
    @TempDir
    Path dir;

    @Test
    void aCheckpointInterruptedMidWriteIsIgnoredAndTheLastCompleteOneRestores() throws IOException {
        RunDirectory run = RunDirectory.create(dir.toString(), true, new Configuration());
        MultiLayerNetwork net = SeedNet.create(5, new Adam(1e-3));
        Checkpoints checkpoints = new Checkpoints(run, 2);
        TrainingProgress progress = new TrainingProgress(1, 3, 8, 12.5, 256, 3.0);
        checkpoints.afterRound(net, progress);
        checkpoints.afterRound(net, new TrainingProgress(1, 4, 9, 0, 0, 0)); // not a multiple of 2: skipped
        // A crash while writing round 10: its folder exists half-written, LATEST was never switched.
        Path partial = Files.createDirectories(dir.resolve("checkpoints/round-000010"));
        Files.write(partial.resolve("model.zip"), new byte[] {80, 75, 3});

        Checkpoints.Restored restored = Checkpoints.latest(run);
        assertEquals("round-000008", restored.name());
        assertEquals(progress, restored.progress());
        assertArrayEquals(net.params().toFloatVector(), restored.net().params().toFloatVector());
    }
}
