package io.bnsync.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import scala.Tuple2;

/**
 * Merges the workers' updates of a round on the driver, in partition order, whatever order their tasks finish in.
 * Sums of doubles are not associative, so Spark's {@code treeAggregate} or {@code reduce} — which merge results as
 * they arrive — could give a retried task's round different last bits than the fault-free run. The driver takes in
 * every whole update, so this is the merge for few workers; {@link SlicedMerge} is the one for many.
 */
final class OrderedMerge {
    private OrderedMerge() {
    }

    /** The round: every partition's update, partition 0 first. */
    static RoundResult of(JavaRDD<WorkerUpdate> updates) {
        return inOrder(updates.mapPartitionsWithIndex((index, it) -> {
            List<Tuple2<Integer, WorkerUpdate>> keyed = new ArrayList<>();
            it.forEachRemaining(u -> keyed.add(new Tuple2<>(index, u)));
            return keyed.iterator();
        }, true).collect()).resultInParallel();
    }

    /** The updates keyed by partition, added in partition order (stable within a partition). */
    static RoundAccumulator inOrder(Iterable<Tuple2<Integer, WorkerUpdate>> updates) {
        List<Tuple2<Integer, WorkerUpdate>> sorted = new ArrayList<>();
        updates.forEach(sorted::add);
        sorted.sort(Comparator.comparingInt(Tuple2::_1));
        RoundAccumulator merged = new RoundAccumulator();
        for (Tuple2<Integer, WorkerUpdate> u : sorted) {
            merged.add(u._2());
        }
        return merged;
    }
}
