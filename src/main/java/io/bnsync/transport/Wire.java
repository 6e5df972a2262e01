package io.bnsync.transport;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.Serializable;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.List;

/**
 * The protocol, exchanges one after the other on a connection (a task keeps it between exchanges, the endpoint closes
 * it when it stays idle for {@link #KEEP_IDLE_MILLIS} or after a refusal). For each, the task writes a header: magic,
 * operation ({@link #PUSH} or {@link #PULL}), the run's secret and its {@link TaskKey}. The endpoint answers
 * {@link #PROCEED} or {@link #REFUSED} and the reason, so that a refused exchange moves no state's worth of bytes and
 * the task learns why. A push then writes its result as a {@linkplain #frame frame} and waits for {@link #STORED} (or a
 * refusal): a task that Spark sees succeed has its result at the endpoint. A pull reads the round's input as a frame.
 */
final class Wire {
    static final int MAGIC = 0x424E5350; // "BNSP"
    static final int PUSH = 1;
    static final int PULL = 2;
    static final int SECRET_BYTES = 32;
    static final int HEADER_BYTES = Integer.BYTES + 1 + SECRET_BYTES + 2 * Integer.BYTES + Long.BYTES;
    static final int REFUSED = 0;
    static final int STORED = 1;
    static final int PROCEED = 2;
    /** A frame's bytes move through a direct buffer of this size: few, large system calls. */
    static final int CHUNK_BYTES = 1 << 20;
    /**
     * Either side's wait for the other's next bytes: the endpoint reads and deserializes as they arrive, so answers
     * come within a state's deserialization.
     */
    static final int READ_TIMEOUT_MILLIS = 120_000;
    /**
     * How long the endpoint keeps a task's connection open between exchanges; tasks reuse one only while it has been
     * idle for less than half of this, so that the endpoint never closes a connection a task is starting to reuse.
     */
    static final long KEEP_IDLE_MILLIS = READ_TIMEOUT_MILLIS;
    /** Socket buffers: 14 MB move in fewer round trips of the TCP window. */
    static final int SOCKET_BUFFER_BYTES = 1 << 20;
    /** What an object stream here may hold: this project's classes and the JDK's collections and boxes. */
    private static final ObjectInputFilter CLASSES =
            ObjectInputFilter.Config.createFilter("io.bnsync.**;java.lang.*;java.util.*;!*");

    /** A header as the endpoint read it: {@code key} is null when the secret was wrong. */
    record Header(int operation, TaskKey key) {
    }

    /**
     * A value ready to send: {@code head} holds the length of its object stream, the number and lengths of the float
     * arrays its classes detached ({@link DetachedFloats}), and the object stream; the arrays follow it as raw
     * little-endian bytes.
     */
    record Frame(ByteBuffer head, List<float[]> arrays) {
    }

    private Wire() {
    }

    static ByteBuffer header(int operation, byte[] secret, TaskKey key) {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        header.putInt(MAGIC).put((byte) operation).put(secret);
        header.putInt(key.round()).putInt(key.partition()).putLong(key.taskAttempt());
        return header.flip();
    }

    /** The header; its key is null unless the secret sent is {@code secret} (compared in constant time). */
    static Header readHeader(ByteBuffer header, byte[] secret) throws IOException {
        if (header.getInt() != MAGIC) {
            throw new IOException("not a connection of this project's tasks (wrong magic number)");
        }
        int operation = header.get() & 0xFF;
        byte[] sent = new byte[SECRET_BYTES];
        header.get(sent);
        TaskKey key = new TaskKey(header.getInt(), header.getInt(), header.getLong());
        return new Header(operation, MessageDigest.isEqual(sent, secret) ? key : null);
    }

    /** {@code value} serialized, its detached arrays kept aside as they are. */
    static Frame frame(Serializable value) throws IOException {
        ByteArrayOutputStream objectBytes = new ByteArrayOutputStream(1 << 13);
        List<float[]> arrays;
        try (DetachedFloats.Output objects = new DetachedFloats.Output(objectBytes)) {
            objects.writeObject(value);
            arrays = objects.arrays();
        }
        ByteBuffer head = ByteBuffer.allocate((2 + arrays.size()) * Integer.BYTES + objectBytes.size());
        head.putInt(objectBytes.size()).putInt(arrays.size());
        for (float[] array : arrays) {
            head.putInt(array.length);
        }
        head.put(objectBytes.toByteArray());
        return new Frame(head.flip(), arrays);
    }

    /** A length read from a frame, or the reason it cannot be one. */
    static int length(int value, String what) throws IOException {
        if (value < 0) {
            throw new IOException("not a frame of this project's exchanges (negative " + what + " length)");
        }
        return value;
    }

    /** The object of {@code type} in {@code objectBytes}, its detached arrays {@code arrays}, through the filter. */
    static <T> T readObject(byte[] objectBytes, float[][] arrays, Class<T> type) throws IOException {
        Object value;
        try (DetachedFloats.Input objects = new DetachedFloats.Input(new ByteArrayInputStream(objectBytes), arrays)) {
            objects.setObjectInputFilter(CLASSES);
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

    /** The other side answered {@link #REFUSED}, or something else than expected, and said why. */
    static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    /** A stream held a class the filter does not let through, or an object of another type than expected. */
    static final class RefusedObjectException extends IOException {
        RefusedObjectException(String message) {
            super(message);
        }
    }
}
