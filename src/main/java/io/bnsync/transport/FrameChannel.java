package io.bnsync.transport;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One exchange's connection, on either side. A non-blocking socket channel waited on with a selector, so that every
 * read and write has a deadline (a blocking channel ignores {@code SO_TIMEOUT}), and a direct buffer of a megabyte
 * through which a frame's bytes move: the kernel copies straight into and out of it, and float arrays are converted
 * into and out of it in one pass. Through a socket's streams the same bytes also went through a temporary buffer of
 * the JDK's and a stream's buffer on each side (docs/PERFORMANCE.md, Round 6).
 */
final class FrameChannel implements AutoCloseable {
    private final SocketChannel channel;
    private final Selector selector;
    private final SelectionKey key;
    private final long timeoutMillis;
    private final ByteBuffer chunk = ByteBuffer.allocateDirect(Wire.CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);

    /** Takes over {@code channel} (closed with this); every read and write fails after {@code timeoutMillis}. */
    FrameChannel(SocketChannel channel, long timeoutMillis) throws IOException {
        this.channel = channel;
        this.timeoutMillis = timeoutMillis;
        Selector opened = null;
        try {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, Wire.SOCKET_BUFFER_BYTES);
            channel.setOption(StandardSocketOptions.SO_RCVBUF, Wire.SOCKET_BUFFER_BYTES);
            channel.configureBlocking(false);
            opened = Selector.open();
            this.key = channel.register(opened, 0);
            this.selector = opened;
        } catch (IOException | RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            channel.close();
            throw e;
        }
    }

    /** Connects within {@code connectTimeoutMillis}. */
    static FrameChannel connect(InetSocketAddress to, int connectTimeoutMillis, long timeoutMillis)
            throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_RCVBUF, Wire.SOCKET_BUFFER_BYTES); // before the handshake
            channel.socket().connect(to, connectTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new FrameChannel(channel, timeoutMillis);
    }

    /** Who is at the other end, for log lines. */
    String peer() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }

    void write(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                await(SelectionKey.OP_WRITE, timeoutMillis);
            }
        }
    }

    /** {@code n} bytes, read whole, ready to get from. */
    ByteBuffer read(int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        readFully(buffer);
        return buffer.flip();
    }

    /**
     * The next {@code n} bytes of a connection kept open between exchanges, or null when the other side closed it or
     * sent nothing for {@code idleMillis} (both before a first byte: an idle connection's normal end).
     */
    ByteBuffer readNext(int n, long idleMillis) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        try {
            readFully(buffer, idleMillis);
        } catch (EOFException | SocketTimeoutException e) {
            if (buffer.position() == 0) {
                return null;
            }
            throw e;
        }
        return buffer.flip();
    }

    /** {@code status}, and after {@link Wire#REFUSED} the reason. */
    void answer(int status, String reason) throws IOException {
        byte[] text = status == Wire.REFUSED ? reason.getBytes(StandardCharsets.UTF_8) : new byte[0];
        ByteBuffer answer = ByteBuffer.allocate(1 + (status == Wire.REFUSED ? Integer.BYTES + text.length : 0));
        answer.put((byte) status);
        if (status == Wire.REFUSED) {
            answer.putInt(text.length).put(text);
        }
        write(answer.flip());
    }

    /** Returns normally on {@code expected}; throws with the other side's reason otherwise. */
    void expectAnswer(int expected, String what) throws IOException {
        int status;
        try {
            status = read(1).get();
        } catch (EOFException e) {
            throw new IOException(what + ": the connection closed without an answer", e);
        }
        if (status != expected) {
            String reason = status == Wire.REFUSED ? new String(read(Wire.length(read(Integer.BYTES).getInt(),
                    "reason")).array(), StandardCharsets.UTF_8) : "unexpected answer " + status;
            throw new Wire.RefusedException(what + ": " + reason);
        }
    }

    /** Sends {@code value} as a frame ({@link Wire#frame}). */
    void writeFrame(Serializable value) throws IOException {
        writeFrame(Wire.frame(value));
    }

    /**
     * Sends {@code frame}, its arrays converted into the direct buffer a chunk at a time; leaves {@code frame} as it
     * was, so that several connections can send the same frame at once.
     */
    void writeFrame(Wire.Frame frame) throws IOException {
        write(frame.head().duplicate());
        for (float[] array : frame.arrays()) {
            for (int from = 0; from < array.length; from += chunk.capacity() / Float.BYTES) {
                int n = Math.min(chunk.capacity() / Float.BYTES, array.length - from);
                chunk.clear();
                chunk.asFloatBuffer().put(array, from, n);
                chunk.limit(n * Float.BYTES);
                write(chunk);
            }
        }
    }

    /** One object of {@code type} from a frame, its arrays read straight into new arrays. */
    <T> T readFrame(Class<T> type) throws IOException {
        return readFrame(type, float[]::new);
    }

    /** One object of {@code type} from a frame, its arrays read straight into arrays from {@code arrays}. */
    <T> T readFrame(Class<T> type, IntFunction<float[]> arrayOfLength) throws IOException {
        ByteBuffer counts = read(2 * Integer.BYTES);
        byte[] objectBytes = new byte[Wire.length(counts.getInt(), "object stream")];
        int arrayCount = Wire.length(counts.getInt(), "array count");
        ByteBuffer lengths = read(Math.multiplyExact(arrayCount, Integer.BYTES));
        float[][] arrays = new float[arrayCount][];
        for (int i = 0; i < arrayCount; i++) {
            arrays[i] = arrayOfLength.apply(Wire.length(lengths.getInt(), "array"));
        }
        for (int from = 0; from < objectBytes.length; from += chunk.capacity()) {
            int n = Math.min(chunk.capacity(), objectBytes.length - from);
            fillChunk(n);
            chunk.get(objectBytes, from, n);
        }
        for (float[] array : arrays) {
            for (int from = 0; from < array.length; from += chunk.capacity() / Float.BYTES) {
                int n = Math.min(chunk.capacity() / Float.BYTES, array.length - from);
                fillChunk(n * Float.BYTES);
                chunk.asFloatBuffer().get(array, from, n);
            }
        }
        return Wire.readObject(objectBytes, arrays, type);
    }

    @Override
    public void close() throws IOException {
        try {
            selector.close();
        } finally {
            channel.close();
        }
    }

    private void fillChunk(int n) throws IOException {
        chunk.clear().limit(n);
        readFully(chunk);
        chunk.flip();
    }

    private void readFully(ByteBuffer buffer) throws IOException {
        readFully(buffer, timeoutMillis);
    }

    private void readFully(ByteBuffer buffer, long millis) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer);
            if (n < 0) {
                throw new EOFException("the connection closed");
            }
            if (n == 0) {
                await(SelectionKey.OP_READ, millis);
            }
        }
    }

    /** Waits until the channel is ready for {@code operation}, at most {@code millis}. */
    private void await(int operation, long millis) throws IOException {
        key.interestOps(operation);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))) == 0) {
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting for the other side");
            }
            if (System.nanoTime() >= deadline) {
                throw new SocketTimeoutException("no progress for " + millis + " ms");
            }
        }
        selector.selectedKeys().clear();
    }
}
