package io.bnsync.train;

import io.bnsync.transport.TaskKey;
import java.io.Serializable;

/**
 * What a task of the pushed merge returns to Spark instead of its update: the key its update was pushed under, and
 * how long the task spent getting the round's input (its pull, or waiting for another task of its JVM that pulled)
 * and pushing its update (serialization, transfer, and the endpoint's deserialization up to its acknowledgement).
 */
public record PushReceipt(TaskKey key, long pullNanos, long pushNanos) implements Serializable {
}
