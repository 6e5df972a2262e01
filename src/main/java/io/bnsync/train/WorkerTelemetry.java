package io.bnsync.train;

import java.io.Serializable;

/**
 * What a round cost, apart from what it computed: worker compute time and the bytes of parameter and updater arrays
 * sent (summed over workers), the longest compute of one worker (the round waits for it) and the largest memory use
 * among them. Kept out of the numbers that are merged.
 */
public record WorkerTelemetry(long computeNanos, long slowestComputeNanos, long bytesSent, MemoryPeak memory)
        implements Serializable {

    public static WorkerTelemetry none() {
        return new WorkerTelemetry(0, 0, 0, MemoryPeak.none());
    }

    /** One worker's. */
    public static WorkerTelemetry of(long computeNanos, long bytesSent, MemoryPeak memory) {
        return new WorkerTelemetry(computeNanos, computeNanos, bytesSent, memory);
    }

    /** Both sides' worth (workers or merged groups): times and bytes summed; slowest compute, memory the larger. */
    public WorkerTelemetry plus(WorkerTelemetry other) {
        return new WorkerTelemetry(computeNanos + other.computeNanos,
                Math.max(slowestComputeNanos, other.slowestComputeNanos), bytesSent + other.bytesSent,
                memory.max(other.memory));
    }
}
