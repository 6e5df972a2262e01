package io.bnsync.transport;

import java.io.Serializable;

/**
 * A task attempt's exchange with the endpoint: the round, the task's partition and Spark's task attempt id (unique
 * within an application), so that a retried or speculative task's push never stands in for the attempt whose result
 * Spark accepted, and a pull names the round it wants.
 */
public record TaskKey(int round, int partition, long taskAttempt) implements Serializable {
}
