package io.bnsync.train;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

/**
 * The state broadcast at the start of a round. A worker's result depends only on this, its
 * shard and the seed, so a retried task reproduces it exactly.
 *
 * @param firstStep index of the shard's first minibatch trained this round
 * @param steps     minibatches to train (K), fewer when the shard runs out
 * @param injectedFaultPartition tests only ({@link InjectedFault}): the partition whose first attempt this round
 *                               fails, {@link InjectedFault#NONE} for none
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
        int injectedFaultPartition) implements Serializable {

    /** Serialized as {@link Wire}: the arrays as raw blocks, the bulk of every round's broadcast. */
    private Object writeReplace() {
        return new Wire(this);
    }

    /** RoundInput's serialized form (records cannot customise their own). */
    private static final class Wire implements Serializable {
        private static final long serialVersionUID = 1L;
        private transient RoundInput value;

        Wire(RoundInput value) {
            this.value = value;
        }

        private void writeObject(ObjectOutputStream out) throws IOException {
            ArrayBlocks.writeFloats(out, value.params);
            ArrayBlocks.writeFloats(out, value.updaterState);
            int[] ints = {value.iteration, value.epoch, value.round, value.firstStep, value.steps, value.batchSize,
                value.injectedFaultPartition};
            for (int i : ints) {
                out.writeInt(i);
            }
            out.writeLong(value.seed);
        }

        private void readObject(ObjectInputStream in) throws IOException {
            float[] params = ArrayBlocks.readFloats(in);
            float[] updater = ArrayBlocks.readFloats(in);
            int iteration = in.readInt();
            int epoch = in.readInt();
            int round = in.readInt();
            int firstStep = in.readInt();
            int steps = in.readInt();
            int batchSize = in.readInt();
            int injectedFaultPartition = in.readInt();
            value = new RoundInput(params, updater, iteration, epoch, round, firstStep, steps, batchSize,
                    in.readLong(), injectedFaultPartition);
        }

        private Object readResolve() {
            return value;
        }
    }

    /** The seed of a worker's random stream (dropout) this round: distinct per round and shard. */
    public long workerSeed(int partition) {
        long h = seed;
        h = h * 0x9E3779B97F4A7C15L + round;
        h = h * 0x9E3779B97F4A7C15L + partition;
        return h ^ (h >>> 31);
    }
}
