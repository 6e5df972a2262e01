package io.bnsync.train;

/**
 * Where training stands between two rounds: everything besides the network itself that a resumed
 * run needs to continue exactly where an interrupted one stopped. Shard order and worker random
 * streams are functions of (seed, epoch, round), so they need no state of their own.
 *
 * @param epoch        the epoch the next round belongs to
 * @param roundInEpoch index of the next round within that epoch
 * @param round        global index of the next round
 * @param epochLossSum loss × samples summed over the epoch's finished rounds
 * @param epochSamples samples of the epoch's finished rounds
 * @param epochSeconds seconds spent on the epoch's finished rounds
 */
public record TrainingProgress(int epoch, int roundInEpoch, int round, double epochLossSum, long epochSamples,
                               double epochSeconds) {

    public static TrainingProgress start() {
        return new TrainingProgress(0, 0, 0, 0, 0, 0);
    }

    TrainingProgress afterRound(RoundRecord record, double seconds) {
        return new TrainingProgress(epoch, roundInEpoch + 1, round + 1,
                epochLossSum + record.meanLoss() * record.samples(), epochSamples + record.samples(),
                epochSeconds + seconds);
    }

    TrainingProgress nextEpoch() {
        return new TrainingProgress(epoch + 1, 0, round, 0, 0, 0);
    }
}
