package io.bnsync.train;

import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * Float and double arrays through Java serialization as blocks of raw little-endian bytes. ObjectOutputStream
 * writes a primitive array element by element; a worker's 13.7 MB result spends most of its serialization there.
 * Converting 64 KB at a time through a ByteBuffer view and writing the block whole is several times faster, and
 * the values are the same bits. Both Spark serializers take this path (Kryo hands these classes to Java
 * serialization, {@code cli.KryoSetup}).
 */
final class ArrayBlocks {
    private static final int CHUNK_BYTES = 1 << 16;

    private ArrayBlocks() {
    }

    static void writeFloats(ObjectOutput out, float[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        byte[] chunk = new byte[CHUNK_BYTES];
        FloatBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            view.clear();
            view.put(values, from, n);
            out.write(chunk, 0, n * Float.BYTES);
        }
    }

    static float[] readFloats(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        byte[] chunk = new byte[CHUNK_BYTES];
        FloatBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        int perChunk = CHUNK_BYTES / Float.BYTES;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            in.readFully(chunk, 0, n * Float.BYTES);
            view.clear();
            view.get(values, from, n);
        }
        return values;
    }

    static void writeDoubles(ObjectOutput out, double[] values) throws IOException {
        if (values == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(values.length);
        byte[] chunk = new byte[CHUNK_BYTES];
        DoubleBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        int perChunk = CHUNK_BYTES / Double.BYTES;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            view.clear();
            view.put(values, from, n);
            out.write(chunk, 0, n * Double.BYTES);
        }
    }

    static double[] readDoubles(ObjectInput in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        double[] values = new double[length];
        byte[] chunk = new byte[CHUNK_BYTES];
        DoubleBuffer view = ByteBuffer.wrap(chunk).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        int perChunk = CHUNK_BYTES / Double.BYTES;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            in.readFully(chunk, 0, n * Double.BYTES);
            view.clear();
            view.get(values, from, n);
        }
        return values;
    }
}
