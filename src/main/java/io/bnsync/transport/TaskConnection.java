package io.bnsync.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A task's connection to the {@link DriverEndpoint}, its header sent and the endpoint's go-ahead received. */
final class TaskConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;

    private final FrameChannel channel;
    private final String what;

    private TaskConnection(FrameChannel channel, String what) {
        this.channel = channel;
        this.what = what;
    }

    static TaskConnection open(EndpointAddress to, int operation, TaskKey key, String action) throws IOException {
        String what = "cannot " + action + " of " + key + " at the driver's endpoint " + to;
        FrameChannel channel;
        try {
            channel = FrameChannel.connect(new InetSocketAddress(to.host(), to.port()), CONNECT_TIMEOUT_MILLIS,
                    Wire.READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        try {
            channel.write(Wire.header(operation, to.secret(), key));
            channel.expectAnswer(Wire.PROCEED, what);
            return new TaskConnection(channel, what);
        } catch (IOException e) {
            channel.close();
            throw e.getMessage() != null && e.getMessage().startsWith(what) ? e
                    : new IOException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    FrameChannel channel() {
        return channel;
    }

    /** What the task was doing, for its error messages. */
    String what() {
        return what;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
