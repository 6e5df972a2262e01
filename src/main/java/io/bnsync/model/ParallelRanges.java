package io.bnsync.model;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Splits a loop over [0, count) — BatchNorm's channels, or the elements of a copy — into contiguous ranges run by
 * the threads ND4J may use (its master threads). Each BatchNorm channel is still reduced by one thread in the same
 * order, so the results are bitwise the same for any number of parts; only which thread computes which range
 * changes. Without it, BatchNorm's Java loops ran on one thread while the native code's second thread waited
 * (docs/PERFORMANCE.md).
 */
final class ParallelRanges {
    /** Below this many elements a split costs more than it saves (the dense layer's [64, 128] BatchNorm). */
    static final int MIN_ELEMENTS_TO_SPLIT = 1 << 16;
    private static final ForkJoinPool POOL =
            new ForkJoinPool(Math.max(1, Runtime.getRuntime().availableProcessors() - 1));

    /** The work on [from, to). */
    interface Body {
        void run(int from, int to);
    }

    private ParallelRanges() {
    }

    /** How many parts a layer of {@code elements} values and {@code channels} channels is split into. */
    static int parts(long elements, int channels) {
        if (elements < MIN_ELEMENTS_TO_SPLIT) {
            return 1;
        }
        // ND4J's own split of outer loops: WorkerNetworks sets it to the task's cores (setMaxThreads has no effect).
        int threads = Math.min(Nd4j.getEnvironment().maxThreads(), Nd4j.getEnvironment().maxMasterThreads());
        return Math.max(1, Math.min(channels, threads));
    }

    /** Runs {@code body} on {@code parts} contiguous ranges covering [0, count): one here, the others in a pool. */
    static void forEach(int count, int parts, Body body) {
        if (parts <= 1 || count < 2) {
            body.run(0, count);
            return;
        }
        int n = Math.min(parts, count);
        ForkJoinTask<?>[] others = new ForkJoinTask<?>[n - 1];
        for (int p = 1; p < n; p++) {
            int from = bound(p, n, count);
            int to = bound(p + 1, n, count);
            others[p - 1] = POOL.submit(() -> body.run(from, to));
        }
        body.run(0, bound(1, n, count));
        for (ForkJoinTask<?> task : others) {
            task.join();
        }
    }

    private static int bound(int part, int parts, int count) {
        return (int) ((long) count * part / parts);
    }
}
