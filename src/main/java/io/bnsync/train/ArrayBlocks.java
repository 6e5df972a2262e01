package io.bnsync.train;

import io.bnsync.transport.DetachedFloats;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Float arrays through Java serialization as blocks of raw little-endian bytes. ObjectOutputStream
 * writes a primitive array element by element; a worker's 13.7 MB result spent most of its serialization there.
 * Converting 64 KB at a time through a ByteBuffer view and writing the block whole is faster (docs/PERFORMANCE.md),
 * and the values are the same bits. Both Spark serializers take this path (Kryo hands these classes to Java
 * serialization, {@code cli.KryoSetup}). The driver's endpoint's exchanges carry them beside the stream instead
 * ({@link DetachedFloats}).
 */
final class ArrayBlocks {
    private static final int CHUNK_BYTES = 1 << 16;
    /** In place of a length: the array travels beside the stream, the next int is its index there. */
    private static final int DETACHED = -2;

    /** Copies elements [from, from + n) of an array into, or out of, a chunk's bytes. */
    private interface Transfer {
        void apply(ByteBuffer chunk, int from, int n);
    }

    private ArrayBlocks() {
    }

    static void writeFloats(ObjectOutput out, float[] values) throws IOException {
        int detached = values == null ? -1 : DetachedFloats.detach(out, values);
        if (detached >= 0) {
            out.writeInt(DETACHED);
            out.writeInt(detached);
            return;
        }
        write(out, values == null ? -1 : values.length, Float.BYTES,
                (chunk, from, n) -> chunk.asFloatBuffer().put(values, from, n));
    }

    static float[] readFloats(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length == DETACHED) {
            return DetachedFloats.attached(in, in.readInt());
        }
        float[] values = length < 0 ? null : new float[length];
        read(in, length, Float.BYTES, (chunk, from, n) -> chunk.asFloatBuffer().get(values, from, n));
        return values;
    }

    /** The length (−1 for null), then the elements, a chunk at a time. */
    private static void write(ObjectOutput out, int length, int width, Transfer fill) throws IOException {
        out.writeInt(length);
        byte[] bytes = new byte[CHUNK_BYTES];
        ByteBuffer chunk = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = CHUNK_BYTES / width;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            fill.apply(chunk, from, n);
            out.write(bytes, 0, n * width);
        }
    }

    private static void read(ObjectInput in, int length, int width, Transfer drain) throws IOException {
        byte[] bytes = new byte[CHUNK_BYTES];
        ByteBuffer chunk = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = CHUNK_BYTES / width;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            in.readFully(bytes, 0, n * width);
            drain.apply(chunk, from, n);
        }
    }
}
