package io.bnsync.data;

import java.io.Serializable;
import java.util.Arrays;

/**
 * MNIST images and labels held as raw bytes: {@code size() * 784} unsigned pixels in row-major
 * order and one label (0–9) per image. Compact enough to cache as a shard on an executor.
 */
public final class MnistDataset implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int ROWS = 28;
    public static final int COLS = 28;
    public static final int PIXELS = ROWS * COLS;
    public static final int CLASSES = 10;

    private final byte[] images;
    private final byte[] labels;

    public MnistDataset(byte[] images, byte[] labels) {
        if ((long) labels.length * PIXELS != images.length) {
            throw new IllegalArgumentException("images hold " + images.length + " bytes, expected "
                    + labels.length + " x " + PIXELS);
        }
        this.images = images;
        this.labels = labels;
    }

    public static MnistDataset empty() {
        return new MnistDataset(new byte[0], new byte[0]);
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    /** Pixel {@code p} (0..783) of image {@code i}, as 0..255. */
    public int pixel(int i, int p) {
        return images[i * PIXELS + p] & 0xFF;
    }

    /** The raw bytes of image {@code i} (a copy). */
    public byte[] image(int i) {
        return Arrays.copyOfRange(images, i * PIXELS, (i + 1) * PIXELS);
    }

    /** The backing pixel array; callers must not modify it. */
    byte[] rawImages() {
        return images;
    }

    /** The first {@code n} images in file order; {@code n <= 0} or {@code n >= size()} keeps all. */
    public MnistDataset head(int n) {
        if (n <= 0 || n >= size()) {
            return this;
        }
        return new MnistDataset(Arrays.copyOf(images, n * PIXELS), Arrays.copyOf(labels, n));
    }

    /** The images at {@code indices}, in that order. */
    public MnistDataset select(int[] indices) {
        byte[] img = new byte[indices.length * PIXELS];
        byte[] lab = new byte[indices.length];
        for (int k = 0; k < indices.length; k++) {
            System.arraycopy(images, indices[k] * PIXELS, img, k * PIXELS, PIXELS);
            lab[k] = labels[indices[k]];
        }
        return new MnistDataset(img, lab);
    }

    /** Builds a dataset from rows gathered one by one (e.g. from Parquet). */
    public static MnistDataset ofRows(java.util.List<byte[]> rows, java.util.List<Integer> rowLabels) {
        byte[] img = new byte[rows.size() * PIXELS];
        byte[] lab = new byte[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            byte[] row = rows.get(k);
            if (row.length != PIXELS) {
                throw new DataException("row " + k + ": image has " + row.length + " bytes, expected " + PIXELS);
            }
            System.arraycopy(row, 0, img, k * PIXELS, PIXELS);
            lab[k] = (byte) (int) rowLabels.get(k);
        }
        return new MnistDataset(img, lab);
    }
}
