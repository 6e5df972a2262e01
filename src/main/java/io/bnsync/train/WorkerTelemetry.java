package io.bnsync.train;

import java.io.Serializable;

/**
 * What a round cost, apart from what it computed: worker compute time and the bytes of parameter and updater arrays
 * sent (summed over workers), and the largest memory use among them. Kept out of the numbers that are merged.
 */
public record WorkerTelemetry(long computeNanos, long bytesSent, MemoryPeak memory) implements Serializable {

    public static WorkerTelemetry none() {
        return new WorkerTelemetry(0, 0, MemoryPeak.none());
    }

    /** Both rounds' worth: times and bytes summed, memory the larger. */
    public WorkerTelemetry plus(WorkerTelemetry other) {
        return new WorkerTelemetry(computeNanos + other.computeNanos, bytesSent + other.bytesSent,
                memory.max(other.memory));
    }
}
