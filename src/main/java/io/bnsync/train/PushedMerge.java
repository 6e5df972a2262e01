package io.bnsync.train;

import io.bnsync.transport.DriverEndpoint;
import io.bnsync.transport.EndpointAddress;
import io.bnsync.transport.Push;
import io.bnsync.transport.TaskKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * The direct merge with the round's state moved over the driver's own socket ({@code spark.bnsync.merge=push}):
 * the driver publishes the round's input at its {@link DriverEndpoint} instead of broadcasting it; every task pulls
 * it from there ({@link PulledInputs}, or finds it pulled ahead), trains, pushes its update back and returns only a
 * {@link PushReceipt} (its {@link TaskKey} and timings); the driver takes the updates of the attempts Spark accepted
 * and merges them in partition order, as
 * {@link OrderedMerge} does. The same input and the same updates in the same order, so the same bits; what changes
 * is how the 14 MB each way travel (docs/PERFORMANCE.md), timed on both sides ({@link ExchangeTimes}).
 */
final class PushedMerge {
    private PushedMerge() {
    }

    /** A pushed round's merged result and where its exchange spent its time. */
    record Round(RoundResult result, ExchangeTimes exchange) {
    }

    static Round of(JavaRDD<Shard> shards, Broadcast<NetworkSpec> spec, RoundInput input,
                    DriverEndpoint<WorkerUpdate> endpoint) {
        int round = input.round();
        long start = System.nanoTime();
        try {
            endpoint.publish(round, input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialize round " + round + "'s input", e);
        }
        long published = System.nanoTime();
        List<PushReceipt> receipts = tasks(shards, spec, endpoint.address(), round).collect();
        long collected = System.nanoTime();
        List<Tuple2<Integer, WorkerUpdate>> updates = new ArrayList<>(receipts.size());
        try {
            for (PushReceipt receipt : receipts) {
                updates.add(new Tuple2<>(receipt.key().partition(), endpoint.take(receipt.key())));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while taking round " + round + "'s pushed results", e);
        } finally {
            endpoint.closeRoundsUpTo(round);
        }
        RoundResult result = OrderedMerge.inOrder(updates).resultInParallel();
        updates.forEach(u -> u._2().giveArraysTo(endpoint::reuse)); // merged: nothing reads them any more
        double tasks = Math.max(1, receipts.size());
        return new Round(result, new ExchangeTimes((published - start) / 1e9,
                receipts.stream().mapToLong(PushReceipt::pullNanos).sum() / 1e9 / tasks,
                receipts.stream().mapToLong(PushReceipt::pushNanos).sum() / 1e9 / tasks,
                (System.nanoTime() - collected) / 1e9));
    }

    /** Static, so the closure captures the endpoint's address and the spec's broadcast, never a driver object. */
    private static JavaRDD<PushReceipt> tasks(JavaRDD<Shard> shards, Broadcast<NetworkSpec> spec,
                                              EndpointAddress at, int round) {
        return shards.map(shard -> {
            TaskContext task = TaskContext.get();
            TaskKey key = new TaskKey(round, task.partitionId(), task.taskAttemptId());
            try {
                long start = System.nanoTime();
                RoundInput input = PulledInputs.get(at, key);
                long pulled = System.nanoTime();
                WorkerUpdate update = WorkerStep.run(spec.value(), input, shard);
                long trained = System.nanoTime();
                Push.send(at, key, update);
                long pushed = System.nanoTime();
                PulledInputs.pullNextAhead(at, key);
                return new PushReceipt(key, pulled - start, pushed - trained);
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the task fails; Spark retries it
            }
        });
    }
}
