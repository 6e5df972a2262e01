package io.bnsync.train;

import io.bnsync.config.ConfigException;
import io.bnsync.config.Partitioning;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Which worker trains which example, in which order, for one epoch. Computed on the driver from
 * the seed, so every epoch's shards are reproducible. Shards differ in size by at most one.
 */
public final class ShardPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] shardOf;
    private final int[] positionOf;
    private final int[] shardSizes;

    private ShardPlan(int[] shardOf, int[] positionOf, int[] shardSizes) {
        this.shardOf = shardOf;
        this.positionOf = positionOf;
        this.shardSizes = shardSizes;
    }

    /**
     * @param labels label of every example, by row id
     */
    public static ShardPlan create(byte[] labels, int workers, Partitioning partitioning, long seed, int epoch) {
        int n = labels.length;
        if (workers > n) {
            throw new ConfigException("workers (" + workers + ") exceed the training samples (" + n + ")");
        }
        Random random = new Random(seed * 1_000_003L + epoch);
        int[] order = partitioning == Partitioning.BY_LABEL ? byLabel(labels) : shuffled(n, random);
        int[] shardOf = new int[n];
        int[] positionOf = new int[n];
        int[] sizes = new int[workers];
        long[] bounds = bounds(n, workers, partitioning == Partitioning.SKEWED);
        for (int w = 0; w < workers; w++) {
            int from = (int) bounds[w];
            int to = (int) bounds[w + 1];
            sizes[w] = to - from;
            int[] shard = Arrays.copyOfRange(order, from, to);
            if (partitioning == Partitioning.BY_LABEL) {
                shuffle(shard, random); // label-skewed shard, but not label-sorted minibatches
            }
            for (int k = 0; k < shard.length; k++) {
                shardOf[shard[k]] = w;
                positionOf[shard[k]] = k;
            }
        }
        return new ShardPlan(shardOf, positionOf, sizes);
    }

    /** Cumulative shard boundaries: equal shares, or shares proportional to w + 1 when skewed. */
    private static long[] bounds(int n, int workers, boolean skewed) {
        long[] bounds = new long[workers + 1];
        long totalWeight = skewed ? (long) workers * (workers + 1) / 2 : workers;
        long cumulative = 0;
        for (int w = 0; w < workers; w++) {
            cumulative += skewed ? w + 1 : 1;
            bounds[w + 1] = n * cumulative / totalWeight;
        }
        if (bounds[1] == 0) {
            throw new ConfigException("partitioning leaves worker 0 without data (" + n + " samples, " + workers
                    + " workers)");
        }
        return bounds;
    }

    /** Refuses a minibatch larger than the smallest shard: that worker could not train one batch. */
    public void requireBatchesFit(int batchSize) {
        if (smallestShard() < batchSize) {
            throw new ConfigException("batch-size " + batchSize + " is larger than the smallest shard ("
                    + smallestShard() + " images with " + workers() + " workers)");
        }
    }

    public int shardOf(int id) {
        return shardOf[id];
    }

    public int positionOf(int id) {
        return positionOf[id];
    }

    public int workers() {
        return shardSizes.length;
    }

    public int shardSize(int shard) {
        return shardSizes[shard];
    }

    public int smallestShard() {
        return Arrays.stream(shardSizes).min().orElse(0);
    }

    public int largestShard() {
        return Arrays.stream(shardSizes).max().orElse(0);
    }

    private static int[] shuffled(int n, Random random) {
        int[] order = IntStream.range(0, n).toArray();
        shuffle(order, random);
        return order;
    }

    private static int[] byLabel(byte[] labels) {
        return IntStream.range(0, labels.length).boxed()
                .sorted((a, b) -> labels[a] != labels[b] ? Byte.compare(labels[a], labels[b]) : Integer.compare(a, b))
                .mapToInt(Integer::intValue).toArray();
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
