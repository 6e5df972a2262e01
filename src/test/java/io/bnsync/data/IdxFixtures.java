package io.bnsync.data;

import io.bnsync.data.MnistFiles.Split;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Builds tiny IDX files for tests, correct or deliberately broken, so every validation path can
 * be exercised without the real 50 MB dataset.
 */
public final class IdxFixtures {
    public static final int IMAGES_MAGIC = IdxReader.IMAGES_MAGIC;
    public static final int LABELS_MAGIC = IdxReader.LABELS_MAGIC;

    private IdxFixtures() {
    }

    /** Deterministic pixels for {@code count} images: image i, pixel p = (i * 31 + p) mod 256. */
    public static byte[] pixels(int count) {
        byte[] pixels = new byte[count * MnistDataset.PIXELS];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < MnistDataset.PIXELS; p++) {
                pixels[i * MnistDataset.PIXELS + p] = (byte) (i * 31 + p);
            }
        }
        return pixels;
    }

    /** Labels 0..9 repeating, so every class occurs. */
    public static byte[] labels(int count) {
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            labels[i] = (byte) (i % MnistDataset.CLASSES);
        }
        return labels;
    }

    /** A well-formed images file holding {@code pixels}. */
    public static byte[] imagesIdx(byte[] pixels) {
        return idx(IdxReader.IMAGES_MAGIC, new int[] {pixels.length / MnistDataset.PIXELS, 28, 28}, pixels);
    }

    /** A well-formed labels file holding {@code labels}. */
    public static byte[] labelsIdx(byte[] labels) {
        return idx(IdxReader.LABELS_MAGIC, new int[] {labels.length}, labels);
    }

    /** Any IDX content: magic, header ints (count first) and data, which need not agree. */
    public static byte[] idx(int magic, int[] header, byte[] data) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(magic);
            for (int value : header) {
                out.writeInt(value);
            }
            out.write(data);
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] gzip(byte[] content) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
                out.write(content);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first {@code length} bytes: a cut-off download. */
    public static byte[] cut(byte[] content, int length) {
        return Arrays.copyOf(content, length);
    }

    public static Path write(Path dir, String fileName, byte[] content) {
        try {
            Files.createDirectories(dir);
            return Files.write(dir.resolve(fileName), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a good images+labels pair for {@code split}, gzipped ({@code .gz}) or raw. */
    public static void writeSplit(Path dir, Split split, int count, boolean gzipped) {
        writeFile(dir, split.imagesFile(), imagesIdx(pixels(count)), gzipped);
        writeFile(dir, split.labelsFile(), labelsIdx(labels(count)), gzipped);
    }

    /** Writes {@code content} as {@code name.gz} (compressed) or {@code name} (raw). */
    public static Path writeFile(Path dir, String name, byte[] content, boolean gzipped) {
        return gzipped ? write(dir, name + ".gz", gzip(content)) : write(dir, name, content);
    }
}
