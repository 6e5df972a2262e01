package io.bnsync.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Merges the workers' results of a round in one fixed order and tree shape, whatever order their tasks finish in.
 * Sums of doubles are not associative, so Spark's {@code treeAggregate} — which merges results as they arrive —
 * could give a retried task's round different last bits than the fault-free run. Here the results of partitions
 * 0..W−1 are merged in groups of consecutive partitions, each group in partition order, level by level on the
 * executors, until at most {@link #fanIn} remain, which the driver merges in order. No node merges more than
 * max(4, ⌈√W⌉) results.
 */
final class OrderedMerge {
    private OrderedMerge() {
    }

    /** At most this many results meet in one merge. */
    static int fanIn(int workers) {
        return Math.max(4, (int) Math.ceil(Math.sqrt(workers)));
    }

    /** The merge of every partition's results, partition 0 first. */
    static WorkerResult of(JavaRDD<WorkerResult> results) {
        int n = results.getNumPartitions();
        int fanIn = fanIn(n);
        JavaPairRDD<Integer, WorkerResult> level = results.mapPartitionsWithIndex((index, it) -> {
            WorkerResult merged = WorkerResult.empty();
            it.forEachRemaining(merged::merge);
            return Collections.singletonList(new Tuple2<>(index, merged)).iterator();
        }, true).mapToPair(t -> t);
        while (n > fanIn) {
            int groups = (n + fanIn - 1) / fanIn;
            level = level.mapToPair(t -> new Tuple2<>(t._1() / fanIn, t))
                    .groupByKey(groups)
                    .mapToPair(group -> new Tuple2<>(group._1(), inOrder(group._2())));
            n = groups;
        }
        return inOrder(level.collect());
    }

    static WorkerResult inOrder(Iterable<Tuple2<Integer, WorkerResult>> results) {
        List<Tuple2<Integer, WorkerResult>> sorted = new ArrayList<>();
        results.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Tuple2::_1));
        WorkerResult merged = WorkerResult.empty();
        for (Tuple2<Integer, WorkerResult> r : sorted) {
            merged.merge(r._2());
        }
        return merged;
    }
}
