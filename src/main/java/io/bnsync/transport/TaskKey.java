package io.bnsync.transport;

import java.io.Serializable;

/**
 * What identifies one pushed result: the round, the task's partition and Spark's task attempt id (unique within an
 * application), so that a retried or speculative task's push never stands in for the attempt whose result Spark
 * accepted.
 */
public record TaskKey(int round, int partition, long taskAttempt) implements Serializable {
}
