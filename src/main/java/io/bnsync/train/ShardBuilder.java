package io.bnsync.train;

import io.bnsync.data.MnistDataset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Moves each example to the partition of its shard for one epoch and packs each partition into
 * one {@link Shard} in training order. The result is cached, so every round of the epoch reuses
 * it and rounds ship only parameters, never data.
 */
final class ShardBuilder {
    private ShardBuilder() {
    }

    static JavaRDD<Shard> build(JavaRDD<IndexedImage> rows, Broadcast<ShardPlan> plan, int workers) {
        // Keys are 0..W-1, so the hash partitioner sends shard w to partition w.
        return rows.mapToPair(row -> new Tuple2<>(plan.value().shardOf(row.id()), row))
                .partitionBy(new HashPartitioner(workers))
                .values()
                .mapPartitionsWithIndex((partition, it) -> pack(partition, it, plan.value()), true);
    }

    private static Iterator<Shard> pack(int partition, Iterator<IndexedImage> it, ShardPlan plan) {
        List<IndexedImage> rows = new ArrayList<>(plan.shardSize(partition));
        it.forEachRemaining(rows::add);
        rows.sort(Comparator.comparingInt(r -> plan.positionOf(r.id())));
        List<byte[]> pixels = new ArrayList<>(rows.size());
        List<Integer> labels = new ArrayList<>(rows.size());
        for (IndexedImage r : rows) {
            pixels.add(r.pixels());
            labels.add((int) r.label());
        }
        return Collections.singletonList(new Shard(partition, MnistDataset.ofRows(pixels, labels))).iterator();
    }
}
