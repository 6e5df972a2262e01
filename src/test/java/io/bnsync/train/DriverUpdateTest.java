package io.bnsync.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.config.BnSync;
import io.bnsync.model.ChannelMoments;
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
        RoundResult nanParams = round(WorkerUpdate.of(64, 1, 0.5 * 64, poisoned, new float[(int) master.getUpdater()
                .getStateViewArray().length()], BnStepStats.empty(3), BnRunningStats.read(master, SeedNet.batchNormLayers()), 1));
        assertThrows(TrainingDivergedException.class,
                () -> DriverUpdate.apply(master, nanParams, BnSync.EXACT, SeedNet.batchNormLayers(), 1));
        RoundResult infLoss = round(WorkerUpdate.of(64, 1, Double.POSITIVE_INFINITY, before, new float[(int) master
                .getUpdater().getStateViewArray().length()], BnStepStats.empty(3), BnRunningStats.read(master,
                SeedNet.batchNormLayers()), 1));
        assertThrows(TrainingDivergedException.class,
                () -> DriverUpdate.apply(master, infLoss, BnSync.EXACT, SeedNet.batchNormLayers(), 1));
        float[] updater = master.getUpdater().getStateViewArray().toFloatVector();
        float[] nanUpdater = updater.clone();
        nanUpdater[77] = Float.NaN; // e.g. Adam's v
        RoundResult badUpdater = round(WorkerUpdate.of(64, 1, 0.5 * 64, before.clone(), nanUpdater, BnStepStats.empty(3),
                BnRunningStats.read(master, SeedNet.batchNormLayers()), 1));
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> DriverUpdate.apply(master, badUpdater, BnSync.EXACT, SeedNet.batchNormLayers(), 1));
        assertTrue(e.getMessage().contains("non-finite updater state"), e.getMessage());
        assertArrayEquals(before, master.params().toFloatVector());
        assertArrayEquals(updater, master.getUpdater().getStateViewArray().toFloatVector());
    }

    @Test
    void aChannelWithZeroVarianceKeepsFiniteStatisticsAndTheNextRoundIsNoDivergence() {
        MultiLayerNetwork master = TrainFixtures.netWithoutDropout(3);
        int[] bn = SeedNet.batchNormLayers();
        double[][] values = new double[128][];
        for (int c = 0; c < 128; c++) {
            values[c] = c == 5 ? new double[] {0.25, 0.25, 0.25, 0.25} : new double[] {c, -c, 2 * c, 0.5};
        }
        // PreciseBN's population statistics of a dead unit (the same value for every image): variance exactly 0.
        BnRunningStats.read(master, bn).withLayer(2, ChannelMoments.ofValues(values)).write(master, bn);
        double[] log10Std = master.getLayer(bn[2]).getParam("log10stdev").toDoubleVector();
        assertTrue(Double.isFinite(log10Std[5]), "log10 std of the constant channel: " + log10Std[5]);
        assertTrue(BnRunningStats.read(master, bn).variance(2)[5] <= 1e-12, "still practically zero");

        RoundResult next = round(WorkerUpdate.of(64, 1, 0.5 * 64, master.params().toFloatVector(),
                master.getUpdater().getStateViewArray().toFloatVector(), BnStepStats.empty(3),
                BnRunningStats.read(master, bn), 1));
        DriverUpdate.apply(master, next, BnSync.EXACT, bn, 1); // no TrainingDivergedException
    }


    /** One worker's round, merged as the driver merges it. */
    private static RoundResult round(WorkerUpdate update) {
        return new RoundAccumulator().add(update).result();
    }
}
