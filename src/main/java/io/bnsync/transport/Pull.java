package io.bnsync.transport;

import java.io.IOException;

/** The task's side of a pull: the round's input from the {@link DriverEndpoint}, read straight off the socket. */
public final class Pull {
    private Pull() {
    }

    /** The input the driver {@linkplain DriverEndpoint#publish published} for {@code key}'s round. */
    public static <T> T fetch(EndpointAddress from, TaskKey key, Class<T> type) throws IOException {
        try (TaskConnection c = TaskConnection.open(from, Wire.PULL, key, "pull the round's input")) {
            Object value = Wire.readObject(c.in());
            if (!type.isInstance(value)) {
                throw new IOException(c.what() + ": expected a " + type.getSimpleName() + ", got a "
                        + (value == null ? "null" : value.getClass().getName()));
            }
            return type.cast(value);
        }
    }
}
