package io.bnsync.train;

import java.io.Serializable;

/**
 * The state broadcast at the start of a round. A worker's result depends only on this, its
 * shard and the seed, so a retried task reproduces it exactly.
 *
 * @param firstStep index of the shard's first minibatch trained this round
 * @param steps     minibatches to train (K), fewer when the shard runs out
 * @param failPartition tests only: the partition whose first attempt this round fails, -1 for none
 */
public record RoundInput(
        float[] params,
        float[] updaterState,
        int iteration,
        int epoch,
        int round,
        int firstStep,
        int steps,
        int batchSize,
        long seed,
        int failPartition) implements Serializable {

    /** The seed of a worker's random stream (dropout) this round: distinct per round and shard. */
    public long workerSeed(int partition) {
        long h = seed;
        h = h * 0x9E3779B97F4A7C15L + round;
        h = h * 0x9E3779B97F4A7C15L + partition;
        return h ^ (h >>> 31);
    }
}
