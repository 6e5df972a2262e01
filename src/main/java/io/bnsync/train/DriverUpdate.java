package io.bnsync.train;

import io.bnsync.config.BnSync;
import io.bnsync.model.SeedNet;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The driver's end of a round: average parameters and updater state (weighted by samples) into
 * the master network, then set BatchNorm running statistics according to the sync mode.
 */
final class DriverUpdate {
    private DriverUpdate() {
    }

    /**
     * Applies a round's merged result to {@code master} and returns the BN drift of the workers'
     * local running statistics against the synced ones.
     */
    static List<RoundRecord.BnDrift> apply(MultiLayerNetwork master, RoundResult result, BnSync mode,
                                          int[] bnLayers, int stepsTrained) {
        float[] params = result.averageParams();
        float[] updaterState = result.averageUpdaterState();
        if (!Double.isFinite(result.meanLoss()) || !allFinite(params) || !allFinite(updaterState)) {
            // Nothing of this round has touched the master: the last good state stays.
            throw new TrainingDivergedException("training diverged: round produced loss " + result.meanLoss()
                    + (allFinite(params) ? "" : ", non-finite parameters")
                    + (allFinite(updaterState) ? "" : ", non-finite updater state") + "; round discarded");
        }
        BnRunningStats start = BnRunningStats.read(master, bnLayers);
        NetworkState.load(master, params, updaterState);
        if (mode == BnSync.EXACT) {
            // Naive mode keeps the averaged mean/log10stdev that NetworkState.load just wrote with the parameters.
            start.updatedWith(result.bnSteps(), SeedNet.BN_DECAY).write(master, bnLayers);
        }
        master.setIterationCount(master.getIterationCount() + stepsTrained);
        return drift(BnRunningStats.read(master, bnLayers), result.localRunningStats());
    }

    private static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    private static List<RoundRecord.BnDrift> drift(BnRunningStats synced, List<BnRunningStats> locals) {
        List<RoundRecord.BnDrift> drift = new ArrayList<>();
        for (int l = 0; l < synced.layers(); l++) {
            double mean = 0;
            double var = 0;
            for (BnRunningStats local : locals) {
                mean = Math.max(mean, local.maxMeanDiff(synced, l));
                var = Math.max(var, local.maxRelativeVarDiff(synced, l));
            }
            drift.add(new RoundRecord.BnDrift(l, mean, var));
        }
        return drift;
    }
}
