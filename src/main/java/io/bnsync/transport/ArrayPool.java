package io.bnsync.transport;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Float arrays given back after use, handed out again for arrays of the same length. A pushed result's arrays are
 * the same lengths every round; a new 14 MB array costs its zeroing and, while the heap grows, the first touch of
 * its pages (docs/PERFORMANCE.md, Round 6). An array handed out is filled whole by the frame it is read for, so
 * nothing of its previous use remains. At most {@link #MAX_ARRAYS} arrays wait; the rest are left to the collector.
 */
final class ArrayPool {
    static final int MAX_ARRAYS = 64;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>(); // guarded by this
    private int waiting; // guarded by this

    /** An array of {@code length} elements, given back earlier or new. */
    synchronized float[] take(int length) {
        ArrayDeque<float[]> arrays = free.get(length);
        if (arrays == null || arrays.isEmpty()) {
            return new float[length];
        }
        waiting--;
        return arrays.pop();
    }

    /** Keeps {@code array} for a later {@link #take}; the caller must not touch it again. */
    synchronized void giveBack(float[] array) {
        if (waiting < MAX_ARRAYS && array.length > 0) {
            free.computeIfAbsent(array.length, n -> new ArrayDeque<>()).push(array);
            waiting++;
        }
    }

    synchronized void clear() {
        free.clear();
        waiting = 0;
    }
}
