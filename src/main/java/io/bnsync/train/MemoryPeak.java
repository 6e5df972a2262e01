package io.bnsync.train;

import java.io.Serializable;
import org.bytedeco.javacpp.Pointer;

/**
 * Memory use of a JVM that trains: heap in use and the process's physical memory as JavaCPP
 * tracks it (ND4J's arrays live off-heap). Merged by maximum, so a round reports the largest
 * executor.
 */
public record MemoryPeak(long heapBytes, long physicalBytes) implements Serializable {

    public static MemoryPeak none() {
        return new MemoryPeak(0, 0);
    }

    /** This JVM, now. */
    public static MemoryPeak sample() {
        Runtime rt = Runtime.getRuntime();
        return new MemoryPeak(rt.totalMemory() - rt.freeMemory(), Pointer.physicalBytes());
    }

    public MemoryPeak max(MemoryPeak other) {
        return new MemoryPeak(Math.max(heapBytes, other.heapBytes), Math.max(physicalBytes, other.physicalBytes));
    }
}
