package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bnsync.config.BnSync;
import io.bnsync.model.SeedNet;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;

class DriverUpdateTest {
    @Test
    void nonFiniteRoundIsRejectedAndLeavesTheMasterUntouched() {
        MultiLayerNetwork master = TrainFixtures.netWithoutDropout(3);
        float[] before = master.params().toFloatVector();
        float[] poisoned = before.clone();
        poisoned[12345] = Float.NaN;
        WorkerResult nanParams = WorkerResult.of(64, 1, 0.5 * 64, poisoned, new float[(int) master.getUpdater()
                .getStateViewArray().length()], BnStepStats.empty(3), BnRunningStats.read(master, SeedNet.batchNormLayers()), 1);
        assertThrows(TrainingDivergedException.class,
                () -> DriverUpdate.apply(master, nanParams, BnSync.EXACT, SeedNet.batchNormLayers(), 1));
        WorkerResult infLoss = WorkerResult.of(64, 1, Double.POSITIVE_INFINITY, before, new float[(int) master
                .getUpdater().getStateViewArray().length()], BnStepStats.empty(3), BnRunningStats.read(master,
                SeedNet.batchNormLayers()), 1);
        assertThrows(TrainingDivergedException.class,
                () -> DriverUpdate.apply(master, infLoss, BnSync.EXACT, SeedNet.batchNormLayers(), 1));
        assertArrayEquals(before, master.params().toFloatVector());
    }
}
