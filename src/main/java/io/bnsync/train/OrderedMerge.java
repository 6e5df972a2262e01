package io.bnsync.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Merges the workers' results of a round on the driver, in partition order, whatever order their tasks finish in.
 * Sums of doubles are not associative, so Spark's {@code treeAggregate} or {@code reduce} — which merge results as
 * they arrive — could give a retried task's round different last bits than the fault-free run. The driver takes in
 * every whole result, so this is the merge for few workers; {@link SlicedMerge} is the one for many.
 */
final class OrderedMerge {
    private OrderedMerge() {
    }

    /** The merge of every partition's results, partition 0 first. */
    static WorkerResult of(JavaRDD<WorkerResult> results) {
        return inOrder(results.mapPartitionsWithIndex((index, it) -> {
            WorkerResult merged = WorkerResult.empty();
            it.forEachRemaining(merged::merge);
            return Collections.singletonList(new Tuple2<>(index, merged)).iterator();
        }, true).collect());
    }

    /** The merge of results keyed by partition, in partition order. */
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
