package io.bnsync.train;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Merges the workers' results of a round by slices (a reduce-scatter through Spark's shuffle): every result is cut
 * into W slices of its arrays ({@link WorkerResult#slice}), slice j of every worker goes to reduce task j, which
 * merges them in partition order, and the driver joins the W merged slices. Each node then moves about one
 * result's worth of slices in and out per round, whatever W is, where {@link OrderedMerge} has the driver (or a
 * group's executor) take in up to max(4, ⌈√W⌉) whole results. Element by element the sums are the same operations
 * in the same order as merging whole results one after the other in partition order, so for W ≤ 4 the merged state
 * is bitwise the same as {@link OrderedMerge}'s (a test checks it).
 */
final class SlicedMerge {
    private SlicedMerge() {
    }

    static WorkerResult of(JavaRDD<WorkerResult> results) {
        int parts = results.getNumPartitions();
        List<Tuple2<Integer, WorkerResult>> merged = results.mapPartitionsWithIndex((index, it) -> {
            WorkerResult whole = WorkerResult.empty();
            it.forEachRemaining(whole::merge);
            List<Tuple2<Integer, Tuple2<Integer, WorkerResult>>> slices = new ArrayList<>(parts);
            for (int j = 0; j < parts; j++) {
                slices.add(new Tuple2<>(j, new Tuple2<>(index, whole.slice(j, parts))));
            }
            return slices.iterator();
        }, true).mapToPair(t -> t)
                .groupByKey(new HashPartitioner(parts)) // key j is reduce task j
                .mapValues(OrderedMerge::inOrder)
                .collect();
        List<Tuple2<Integer, WorkerResult>> sorted = new ArrayList<>(merged);
        sorted.sort((a, b) -> Integer.compare(a._1(), b._1()));
        return WorkerResult.join(sorted.stream().map(Tuple2::_2).toList());
    }
}
