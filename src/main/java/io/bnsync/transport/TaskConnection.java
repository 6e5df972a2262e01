package io.bnsync.transport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** A task's connection to the {@link DriverEndpoint}, its header sent and the endpoint's go-ahead received. */
final class TaskConnection implements AutoCloseable {
    private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
    /** The endpoint reads and deserializes as bytes arrive: answers come within a state's deserialization. */
    private static final int READ_TIMEOUT_MILLIS = 120_000;

    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final String what;

    private TaskConnection(Socket socket, String what) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), Wire.BUFFER_BYTES));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), Wire.BUFFER_BYTES));
        this.what = what;
    }

    static TaskConnection open(EndpointAddress to, int operation, TaskKey key, String action) throws IOException {
        String what = "cannot " + action + " of " + key + " at the driver's endpoint " + to;
        Socket socket = new Socket();
        try {
            socket.setSendBufferSize(Wire.SOCKET_BUFFER_BYTES);
            socket.setReceiveBufferSize(Wire.SOCKET_BUFFER_BYTES);
            socket.connect(new InetSocketAddress(to.host(), to.port()), CONNECT_TIMEOUT_MILLIS);
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        } catch (IOException e) {
            socket.close();
            throw new IOException(what + ": " + e.getMessage(), e);
        }
        try {
            TaskConnection c = new TaskConnection(socket, what);
            Wire.writeHeader(c.out, operation, to.secret(), key);
            Wire.expectAnswer(c.in, Wire.PROCEED, what);
            return c;
        } catch (IOException e) {
            socket.close();
            throw e.getMessage() != null && e.getMessage().startsWith(what) ? e
                    : new IOException(what + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    DataInputStream in() {
        return in;
    }

    DataOutputStream out() {
        return out;
    }

    /** What the task was doing, for its error messages. */
    String what() {
        return what;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
