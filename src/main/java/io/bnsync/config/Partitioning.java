package io.bnsync.config;

/** How the training set is split into worker shards each epoch. */
public enum Partitioning {
    /** A seeded shuffle per epoch, split into equal contiguous shards. */
    IID,
    /** Shards cut from the label-sorted data, as when partitions come from different sources. */
    BY_LABEL,
    /** IID data in shards of very different sizes: shard w holds a share proportional to w + 1. */
    SKEWED
}
