package io.bnsync.train;

import io.bnsync.transport.EndpointAddress;
import io.bnsync.transport.Pull;
import io.bnsync.transport.TaskKey;
import java.io.IOException;

/**
 * The round's input as this JVM's tasks pulled it from the driver's endpoint ({@link PushedMerge}): one pull per
 * JVM and round, whichever task comes first; the others of the round wait for it and share it read-only. Only the
 * latest round is kept, and only for the endpoint it came from.
 */
final class PulledInputs {
    private static EndpointAddress from;
    private static int round = -1;
    private static RoundInput input;

    private PulledInputs() {
    }

    /** Lets the kept input go (the driver's JVM after training, where local mode's tasks pulled it). */
    static synchronized void forget() {
        from = null;
        round = -1;
        input = null;
    }

    static synchronized RoundInput get(EndpointAddress endpoint, TaskKey task) throws IOException {
        if (input == null || round != task.round() || !endpoint.equals(from)) {
            input = null; // let the previous round's state go before the next arrives
            input = Pull.fetch(endpoint, task, RoundInput.class);
            from = endpoint;
            round = task.round();
        }
        return input;
    }
}
