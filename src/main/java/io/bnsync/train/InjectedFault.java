package io.bnsync.train;

import org.apache.spark.SparkConf;
import org.apache.spark.TaskContext;

/**
 * The one fault-injection seam, for tests: {@code spark.bnsync.test.failTask=ROUND:PARTITION} makes the first
 * attempt of that round's task for that partition fail after its first minibatch, with its pooled network trained
 * part-way, to prove that Spark's retry changes nothing in the model. The driver picks the partition for each round
 * ({@link #partitionFor}), {@link RoundInput} carries it to the workers, and {@link #failIfChosen} throws there.
 * Without the setting, which nothing but tests sets, every round carries {@link #NONE}.
 */
final class InjectedFault {
    static final String PROPERTY = "spark.bnsync.test.failTask";
    static final int NONE = -1;

    private InjectedFault() {
    }

    /** The partition whose first attempt fails in {@code round}, or {@link #NONE}. */
    static int partitionFor(SparkConf conf, int round) {
        String spec = conf.get(PROPERTY, "");
        if (spec.isEmpty()) {
            return NONE;
        }
        String[] parts = spec.split(":");
        return Integer.parseInt(parts[0].trim()) == round ? Integer.parseInt(parts[1].trim()) : NONE;
    }

    /** Throws in the first attempt of the chosen partition's task; a no-op everywhere else. */
    static void failIfChosen(RoundInput in, Shard shard) {
        TaskContext task = TaskContext.get();
        if (in.injectedFaultPartition() == shard.partition() && task != null && task.attemptNumber() == 0) {
            throw new IllegalStateException("injected failure: round " + in.round() + ", partition "
                    + shard.partition() + ", attempt 0");
        }
    }
}
