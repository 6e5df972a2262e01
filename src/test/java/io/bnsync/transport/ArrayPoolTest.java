package io.bnsync.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ArrayPoolTest {
    @Test
    void anArrayGivenBackIsHandedOutOnceForItsLengthOnly() {
        ArrayPool pool = new ArrayPool();
        float[] given = new float[5];
        pool.giveBack(given);
        assertEquals(6, pool.take(6).length);
        assertSame(given, pool.take(5));
        assertNotSame(given, pool.take(5));
    }

    @Test
    void atMostABoundedNumberOfArraysWait() {
        ArrayPool pool = new ArrayPool();
        float[][] given = new float[ArrayPool.MAX_ARRAYS + 1][];
        for (int i = 0; i < given.length; i++) {
            given[i] = new float[3];
            pool.giveBack(given[i]);
        }
        for (int i = ArrayPool.MAX_ARRAYS - 1; i >= 0; i--) {
            assertSame(given[i], pool.take(3)); // the last one given back was not kept
        }
        assertNotSame(given[ArrayPool.MAX_ARRAYS], pool.take(3));
    }
}
