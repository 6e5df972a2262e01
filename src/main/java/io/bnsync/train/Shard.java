package io.bnsync.train;

import io.bnsync.data.MnistDataset;
import java.io.Serializable;

/** One worker's part of the training set for one epoch, in the order it is trained. */
public record Shard(int partition, MnistDataset data) implements Serializable {
}
