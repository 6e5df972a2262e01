package io.bnsync.transport;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.security.MessageDigest;

/**
 * The protocol, one exchange per connection. The task writes a header: magic, operation ({@link #PUSH} or
 * {@link #PULL}), the run's secret and its {@link TaskKey}. The endpoint answers {@link #PROCEED} or
 * {@link #REFUSED} and the reason, so that a refused exchange moves no state's worth of bytes and the task learns
 * why. A push then writes its result as a Java object stream and waits for {@link #STORED} (or a refusal): a task
 * that Spark sees succeed has its result at the endpoint. A pull reads the round's input as a Java object stream.
 */
final class Wire {
    static final int MAGIC = 0x424E5350; // "BNSP"
    static final int PUSH = 1;
    static final int PULL = 2;
    static final int SECRET_BYTES = 32;
    static final int REFUSED = 0;
    static final int STORED = 1;
    static final int PROCEED = 2;
    static final int BUFFER_BYTES = 1 << 16;
    /** Socket buffers: 14 MB move in fewer round trips of the TCP window. */
    static final int SOCKET_BUFFER_BYTES = 1 << 20;
    /** What an object stream here may hold: this project's classes and the JDK's collections and boxes. */
    private static final ObjectInputFilter CLASSES =
            ObjectInputFilter.Config.createFilter("io.bnsync.**;java.lang.*;java.util.*;!*");

    /** A header as the endpoint read it: {@code key} is null when the secret was wrong. */
    record Header(int operation, TaskKey key) {
    }

    private Wire() {
    }

    static void writeHeader(DataOutputStream out, int operation, byte[] secret, TaskKey key) throws IOException {
        out.writeInt(MAGIC);
        out.writeByte(operation);
        out.write(secret);
        out.writeInt(key.round());
        out.writeInt(key.partition());
        out.writeLong(key.taskAttempt());
        out.flush();
    }

    /** The header; its key is null unless the secret sent is {@code secret} (compared in constant time). */
    static Header readHeader(DataInputStream in, byte[] secret) throws IOException {
        if (in.readInt() != MAGIC) {
            throw new IOException("not a connection of this project's tasks (wrong magic number)");
        }
        int operation = in.readUnsignedByte();
        byte[] sent = new byte[SECRET_BYTES];
        in.readFully(sent);
        TaskKey key = new TaskKey(in.readInt(), in.readInt(), in.readLong());
        return new Header(operation, MessageDigest.isEqual(sent, secret) ? key : null);
    }

    /** {@code status}, and after {@link #REFUSED} the reason. */
    static void answer(DataOutputStream out, int status, String reason) throws IOException {
        out.write(status);
        if (status == REFUSED) {
            out.writeUTF(reason);
        }
        out.flush();
    }

    /** Returns normally on {@code expected}; throws with the endpoint's reason otherwise. */
    static void expectAnswer(DataInputStream in, int expected, String what) throws IOException {
        int status = in.read();
        if (status != expected) {
            throw new IOException(what + ": " + (status == REFUSED ? in.readUTF()
                    : "the connection closed without an answer"));
        }
    }

    /** One object of {@code type} from {@code in}, through {@link #CLASSES}. */
    static <T> T readObject(InputStream in, Class<T> type) throws IOException {
        ObjectInputStream objects = new ObjectInputStream(in);
        objects.setObjectInputFilter(CLASSES);
        Object value;
        try {
            value = objects.readObject();
        } catch (InvalidClassException e) {
            throw new RefusedObjectException("it holds a class this project does not read: " + e.getMessage());
        } catch (ClassNotFoundException e) {
            throw new IOException("the stream names a class this JVM lacks: " + e.getMessage(), e);
        }
        if (!type.isInstance(value)) {
            throw new RefusedObjectException("expected a " + type.getSimpleName() + ", got a "
                    + (value == null ? "null" : value.getClass().getName()));
        }
        return type.cast(value);
    }

    /** A stream held a class the filter does not let through, or an object of another type than expected. */
    static final class RefusedObjectException extends IOException {
        RefusedObjectException(String message) {
            super(message);
        }
    }
}
