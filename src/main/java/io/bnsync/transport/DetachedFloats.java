package io.bnsync.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInput;
import java.io.ObjectInputStream;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The object streams of this package's exchanges, through which a class may send its large float arrays beside the
 * stream instead of inside it: {@link #detach} leaves only an index in the stream, and the exchange then moves the
 * array as raw bytes in chunks of a megabyte ({@link FrameChannel#writeFrame}); on the other side {@link #attached}
 * gives it back by that index. Inside an object stream an array travels in blocks of a kilobyte, each a separate
 * write and read (docs/PERFORMANCE.md, Round 6).
 */
public final class DetachedFloats {
    private DetachedFloats() {
    }

    /**
     * Detaches {@code values} if {@code out} is one of this package's streams and returns its index, or returns
     * −1 (the caller writes the array into the stream itself).
     */
    public static int detach(ObjectOutput out, float[] values) {
        return out instanceof Output detaching ? detaching.add(values) : -1;
    }

    /** The array detached under {@code index}, if {@code in} is one of this package's streams. */
    public static float[] attached(ObjectInput in, int index) throws IOException {
        if (!(in instanceof Input attaching)) {
            throw new IOException("the stream refers to a detached array, but it was not read by an exchange");
        }
        return attaching.get(index);
    }

    /** The sending side: collects the arrays detached while an object is written. */
    static final class Output extends ObjectOutputStream {
        private final List<float[]> arrays = new ArrayList<>();

        Output(OutputStream out) throws IOException {
            super(out);
        }

        private int add(float[] values) {
            arrays.add(values);
            return arrays.size() - 1;
        }

        List<float[]> arrays() {
            return arrays;
        }
    }

    /** The receiving side: the arrays that came beside the stream, by index. */
    static final class Input extends ObjectInputStream {
        private final float[][] arrays;

        Input(InputStream in, float[][] arrays) throws IOException {
            super(in);
            this.arrays = arrays;
        }

        private float[] get(int index) throws IOException {
            if (index < 0 || index >= arrays.length) {
                throw new IOException("the stream refers to detached array " + index + " of " + arrays.length);
            }
            return arrays[index];
        }
    }
}
