package io.bnsync.transport;

import java.io.IOException;
import java.io.Serializable;

/** The task's side of a push: one result to the {@link DriverEndpoint}, acknowledged before the task returns. */
public final class Push {
    private Push() {
    }

    /** Sends {@code value} as {@code key}; throws (so that Spark retries the task) unless the endpoint stored it. */
    public static void send(EndpointAddress to, TaskKey key, Serializable value) throws IOException {
        try (TaskConnection c = TaskConnection.open(to, Wire.PUSH, key, "push the result")) {
            c.channel().writeFrame(value);
            c.channel().expectAnswer(Wire.STORED, c.what());
            c.keep();
        }
    }
}
