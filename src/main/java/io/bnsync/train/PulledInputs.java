package io.bnsync.train;

import io.bnsync.transport.EndpointAddress;
import io.bnsync.transport.Pull;
import io.bnsync.transport.TaskKey;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The round's input as this JVM's tasks pulled it from the driver's endpoint ({@link PushedMerge}): one pull per
 * JVM and round, whichever task comes first; the others of the round wait for it and share it read-only. Only the
 * latest round is kept, and only for the endpoint it came from. A task that has pushed its update starts the pull
 * of the next round's input ahead ({@link #pullNextAhead}): the endpoint answers it as soon as the driver publishes
 * that round, so its 14 MB travel while Spark schedules the round's tasks instead of after. A pull ahead that fails
 * (the endpoint closed at the end of training, a round skipped) costs nothing: the round's task then pulls itself.
 */
final class PulledInputs {
    /** Threads for pulls ahead; one waiting for a round that never comes holds up no other. */
    private static final ExecutorService AHEAD = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bnsync-pull-ahead");
        t.setDaemon(true);
        return t;
    });
    private static EndpointAddress from;
    private static int round = -1;
    private static RoundInput input;
    private static Ahead ahead;

    /** A pull of a round's input started ahead of its tasks. */
    private record Ahead(EndpointAddress from, int round, CompletableFuture<RoundInput> input) {
    }

    private PulledInputs() {
    }

    /** Lets the kept input go (the driver's JVM after training, where local mode's tasks pulled it). */
    static synchronized void forget() {
        from = null;
        round = -1;
        input = null;
        if (ahead != null) {
            ahead.input().cancel(false);
            ahead = null;
        }
    }

    static synchronized RoundInput get(EndpointAddress endpoint, TaskKey task) throws IOException {
        if (input == null || round != task.round() || !endpoint.equals(from)) {
            input = null; // let the previous round's state go before the next arrives
            RoundInput pulledAhead = takeAhead(endpoint, task.round());
            input = pulledAhead != null ? pulledAhead : Pull.fetch(endpoint, task, RoundInput.class);
            from = endpoint;
            round = task.round();
        }
        return input;
    }

    /**
     * Starts pulling the input of the round after {@code pushed}'s, unless this JVM already does; returns that pull
     * (its input, or null if it failed).
     */
    static synchronized CompletableFuture<RoundInput> pullNextAhead(EndpointAddress endpoint, TaskKey pushed) {
        int next = pushed.round() + 1;
        if (ahead == null || ahead.round() != next || !ahead.from().equals(endpoint)) {
            TaskKey key = new TaskKey(next, pushed.partition(), pushed.taskAttempt());
            ahead = new Ahead(endpoint, next, CompletableFuture.supplyAsync(() -> {
                try {
                    return Pull.fetch(endpoint, key, RoundInput.class);
                } catch (IOException e) {
                    return null;
                }
            }, AHEAD));
        }
        return ahead.input();
    }

    /** The input pulled ahead for {@code wanted}, waiting for it if under way; null if there is none. */
    private static RoundInput takeAhead(EndpointAddress endpoint, int wanted) {
        Ahead pulled = ahead;
        ahead = null;
        if (pulled == null || pulled.round() != wanted || !pulled.from().equals(endpoint)) {
            if (pulled != null) {
                pulled.input().cancel(false);
            }
            return null;
        }
        try {
            return pulled.input().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }
}
