package io.bnsync.train;

import java.util.List;

/**
 * The evidence of one round, one line of {@code metrics.jsonl}.
 *
 * @param computeSeconds        the workers' mean time inside their tasks
 * @param slowestComputeSeconds the longest of them: the round waits for it, so it is part of the round's time that
 *                              {@code aggregateSeconds} (the round's job time minus the mean compute) includes
 * @param exchange              the pushed merge's exchange, timed on both sides ({@link ExchangeTimes#NOT_MEASURED}
 *                              for the other merges); part of {@code aggregateSeconds}
 * @param bnDrift per BN layer, how far the workers' own running statistics had drifted from the
 *                synced ones: max over workers and channels of |Δmean| and of |Δvar|/var
 */
public record RoundRecord(
        int round,
        int epoch,
        double meanLoss,
        long samples,
        int workersActive,
        double computeSeconds,
        double slowestComputeSeconds,
        double aggregateSeconds,
        double driverUpdateSeconds,
        long bytesBroadcast,
        long bytesCollected,
        MemoryPeak workerMemory,
        ExchangeTimes exchange,
        List<BnDrift> bnDrift) {

    /** Drift of one BN layer's running statistics before sync. */
    public record BnDrift(int layer, double maxAbsMeanDiff, double maxRelVarDiff) {
    }
}
