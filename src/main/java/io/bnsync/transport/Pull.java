package io.bnsync.transport;

import java.io.IOException;

/** The task's side of a pull: the round's input from the {@link DriverEndpoint}, read straight off the socket. */
public final class Pull {
    private Pull() {
    }

    /** The input the driver {@linkplain DriverEndpoint#publish published} for {@code key}'s round. */
    public static <T> T fetch(EndpointAddress from, TaskKey key, Class<T> type) throws IOException {
        try (TaskConnection c = TaskConnection.open(from, Wire.PULL, key, "pull the round's input")) {
            try {
                T input = c.channel().readFrame(type);
                c.keep();
                return input;
            } catch (Wire.RefusedObjectException e) {
                throw new IOException(c.what() + ": " + e.getMessage(), e);
            }
        }
    }
}
