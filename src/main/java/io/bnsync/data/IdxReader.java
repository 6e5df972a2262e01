package io.bnsync.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one MNIST IDX file (images or labels), gzipped or raw, and checks it thoroughly.
 *
 * <p>Why so strict: a truncated download or a mixed-up file otherwise shows up much later as a
 * shape error deep inside training, or not at all (silently fewer images). Here every defect
 * becomes a {@link DataException} naming the file and the problem. Gzip is detected from the
 * content (magic bytes 0x1f 0x8b), not the file name, because renamed files are common.
 */
public final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** No real IDX file comes close; anything above is a corrupt header, not a big dataset. */
    static final int MAX_COUNT = 100_000_000;
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    /** What distinguishes the two IDX kinds MNIST uses. */
    private enum Kind {
        IMAGES(IMAGES_MAGIC, "IDX images", "images", MnistDataset.PIXELS),
        LABELS(LABELS_MAGIC, "IDX labels", "labels", 1);

        final int magic;
        final String description;
        final String items;
        final int bytesPerItem;

        Kind(int magic, String description, String items, int bytesPerItem) {
            this.magic = magic;
            this.description = description;
            this.items = items;
            this.bytesPerItem = bytesPerItem;
        }
    }

    private IdxReader() {
    }

    /** The pixels of all images, {@code count * 784} bytes in row-major order. */
    public static byte[] readImages(InputStream in, String name) {
        return read(in, name, Kind.IMAGES);
    }

    /** One label per image, each checked to be 0–9. */
    public static byte[] readLabels(InputStream in, String name) {
        byte[] labels = read(in, name, Kind.LABELS);
        checkLabelRange(labels, name);
        return labels;
    }

    private static byte[] read(InputStream source, String name, Kind kind) {
        try {
            DataInputStream in = new DataInputStream(decompressIfGzip(source, name));
            int count = readHeader(in, name, kind);
            return readBody(in, name, kind, count);
        } catch (EOFException e) {
            throw new DataException(name + ": truncated header (file ends before the "
                    + kind.description + " header is complete)", e);
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static InputStream decompressIfGzip(InputStream source, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(source, 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        if (first == -1) {
            throw new DataException(name + ": empty file");
        }
        if (first != 0x1f || second != 0x8b) {
            return in;
        }
        try {
            return new GzipErrorsAsDataException(new GZIPInputStream(in, 1 << 16), name);
        } catch (EOFException | ZipException e) {
            throw corruptGzip(name, e);
        }
    }

    /** Reads the header and returns the item count it declares. */
    private static int readHeader(DataInputStream in, String name, Kind kind) throws IOException {
        int magic = in.readInt();
        if (magic != kind.magic) {
            throw new DataException(String.format("%s: wrong magic number 0x%08x, expected 0x%08x (%s)",
                    name, magic, kind.magic, kind.description));
        }
        int count = in.readInt();
        if (kind == Kind.IMAGES) {
            checkImageSize(in.readInt(), in.readInt(), name);
        }
        checkCount(count, name, kind);
        return count;
    }

    private static void checkImageSize(int rows, int cols, String name) {
        if (rows != MnistDataset.ROWS || cols != MnistDataset.COLS) {
            throw new DataException(name + ": images are " + rows + "x" + cols + ", expected "
                    + MnistDataset.ROWS + "x" + MnistDataset.COLS);
        }
    }

    private static void checkCount(int count, String name, Kind kind) {
        if (count < 0 || count > MAX_COUNT) {
            throw new DataException(name + ": implausible header: " + count + " " + kind.items
                    + " (expected 0 to " + MAX_COUNT + ")");
        }
        if ((long) count * kind.bytesPerItem > MAX_ARRAY_LENGTH) {
            throw new DataException(name + ": header says " + count + " " + kind.items
                    + ", more than one array can hold");
        }
    }

    /**
     * Reads exactly the bytes the header promises. {@code readNBytes} grows its buffer with the
     * data actually present, so a lying header cannot make us allocate gigabytes up front.
     */
    private static byte[] readBody(DataInputStream in, String name, Kind kind, int count) throws IOException {
        int expected = count * kind.bytesPerItem;
        byte[] data = in.readNBytes(expected);
        String promise = "header says " + count + " " + kind.items + " (" + expected + " bytes)";
        if (data.length < expected) {
            throw new DataException(name + ": truncated: " + promise + " but only " + data.length
                    + " bytes follow");
        }
        long extra = in.transferTo(OutputStream.nullOutputStream());
        if (extra > 0) {
            throw new DataException(name + ": trailing data: " + promise + " but " + (expected + extra)
                    + " bytes follow (" + extra + " extra)");
        }
        return data;
    }

    private static void checkLabelRange(byte[] labels, String name) {
        for (int i = 0; i < labels.length; i++) {
            int label = labels[i] & 0xFF;
            if (label >= MnistDataset.CLASSES) {
                throw new DataException(name + ": label " + label + " at index " + i + " is outside 0-9");
            }
        }
    }

    private static DataException corruptGzip(String name, IOException cause) {
        return new DataException(name + ": truncated or corrupt gzip data (" + cause.getMessage() + ")", cause);
    }

    /**
     * Turns the gzip layer's EOF/format errors into a clear message right where they happen;
     * otherwise a cut-off download would be indistinguishable from a short but valid file.
     */
    private static final class GzipErrorsAsDataException extends FilterInputStream {
        private final String name;

        GzipErrorsAsDataException(InputStream gzip, String name) {
            super(gzip);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (EOFException | ZipException e) {
                throw corruptGzip(name, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (EOFException | ZipException e) {
                throw corruptGzip(name, e);
            }
        }
    }
}
