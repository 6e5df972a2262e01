package io.bnsync.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Merges the workers' results of a round by slices (a reduce-scatter through Spark's shuffle): every update is cut
 * into W slices of its arrays ({@link WorkerUpdate#slice}), slice j of every worker goes to reduce task j, which
 * merges them in partition order and turns the sums into averages, and the driver joins the W averaged slices ({@link RoundResult#join}).
 * Each node then moves about one result's worth of slices in and out per round, and the driver collects one
 * result's worth of floats, whatever W is, where {@link OrderedMerge} has the driver take in W whole updates.
 * Element by element the sums are the same operations in the same order as merging whole updates one after the
 * other in partition order: the merged state is bitwise {@link OrderedMerge}'s (TaskRetryTest checks it). The price
 * is a second stage per round and shuffle files: with few workers the direct merge measured faster.
 */
final class SlicedMerge {
    private SlicedMerge() {
    }

    static RoundResult of(JavaRDD<WorkerUpdate> updates) {
        int parts = updates.getNumPartitions();
        List<Tuple2<Integer, RoundResult>> merged = updates.mapPartitionsWithIndex((index, it) -> {
            List<Tuple2<Integer, Tuple2<Integer, WorkerUpdate>>> slices = new ArrayList<>();
            it.forEachRemaining(update -> {
                for (int j = 0; j < parts; j++) {
                    slices.add(new Tuple2<>(j, new Tuple2<>(index, update.slice(j, parts))));
                }
            });
            return slices.iterator();
        }, true).mapToPair(t -> t)
                .groupByKey(new HashPartitioner(parts)) // key j is reduce task j
                .mapValues(slices -> OrderedMerge.inOrder(slices).result()) // averages, floats, to the driver
                .collect();
        List<Tuple2<Integer, RoundResult>> sorted = new ArrayList<>(merged);
        sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
        return RoundResult.join(sorted.stream().map(Tuple2::_2).toList());
    }
}
