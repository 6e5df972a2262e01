package io.bnsync.model;

import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between float INDArrays and Java arrays, in row-major element order: one memcpy
 * when the array is dense (a view may start at an offset; its address pointer includes it),
 * otherwise through a row-major copy.
 */
public final class FloatElements {
    private FloatElements() {
    }

    /** The elements of {@code x} in row-major order, in {@code scratch} when it is large enough. */
    public static float[] read(INDArray x, float[] scratch) {
        return read(x, scratch, 1);
    }

    /** {@link #read(INDArray, float[])}, copied in {@code parts} ranges at once. */
    static float[] read(INDArray x, float[] scratch, int parts) {
        if (x.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("expected a FLOAT array, got " + x.dataType());
        }
        int size = Math.toIntExact(x.length());
        float[] out = ensure(scratch, size);
        INDArray dense = isDense(x) ? x : x.dup('c');
        FloatPointer source = new FloatPointer(dense.data().addressPointer());
        ParallelRanges.forEach(size, parts,
                (from, to) -> new FloatPointer(source).position(from).get(out, from, to - from));
        return out;
    }

    /** Writes the first {@code target.length()} values into a dense row-major {@code target}. */
    public static void write(float[] values, INDArray target) {
        write(values, target, 1);
    }

    /** {@link #write(float[], INDArray)}, copied in {@code parts} ranges at once. */
    static void write(float[] values, INDArray target, int parts) {
        if (!isDense(target) || target.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("target must be a dense row-major FLOAT array");
        }
        FloatPointer destination = new FloatPointer(target.data().addressPointer());
        ParallelRanges.forEach(Math.toIntExact(target.length()), parts,
                (from, to) -> new FloatPointer(destination).position(from).put(values, from, to - from));
    }

    static float[] ensure(float[] scratch, int size) {
        return scratch != null && scratch.length >= size ? scratch : new float[size];
    }

    /**
     * Row-major without gaps. Strides of size-1 dimensions do not matter (ND4J's own
     * {@code Shape.hasDefaultStridesForShape} says false for a fresh [16, 12, 1, 1] array).
     */
    static boolean isDense(INDArray x) {
        long expected = 1;
        for (int d = x.rank() - 1; d >= 0; d--) {
            if (x.size(d) != 1 && x.stride(d) != expected) {
                return false;
            }
            expected *= x.size(d);
        }
        return true;
    }
}
