package io.bnsync.data;

import io.bnsync.data.MnistFiles.Split;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small learnable stand-in for MNIST, made by the tests themselves so that every behaviour test
 * runs on a fresh clone without the real data: each image is a seven-segment digit (strokes 2–3
 * pixels wide, shifted by up to 3 pixels, brightness 160–255) on a dark background with a sprinkle
 * of noise, so the seed net learns it to well above chance within one short epoch, yet a model
 * trained on little data or with a tiny learning rate is clearly worse. Labels are balanced (each
 * block of ten images holds every digit once, in shuffled order). Deterministic for a given seed.
 */
public final class SyntheticMnist {
    /** Images per split in {@link #folder()}: more than any test's limit or holdout. */
    public static final int TRAIN_IMAGES = 2000;
    public static final int TEST_IMAGES = 500;

    /** Segments a..g of each digit: top, top right, bottom right, bottom, bottom left, top left, middle. */
    private static final String[] SEGMENTS = {
        "abcdef", "bc", "abged", "abgcd", "fgbc", "afgcd", "afgedc", "abc", "abcdefg", "abcdfg"};
    private static final int LEFT = 8;
    private static final int RIGHT = 19;
    private static final int TOP = 4;
    private static final int MIDDLE = 13;
    private static final int BOTTOM = 23;

    private static Path folder;

    private SyntheticMnist() {
    }

    /** {@code count} synthetic digits, deterministic in {@code seed}. */
    public static MnistDataset digits(int count, long seed) {
        Random random = new Random(seed);
        byte[] images = new byte[count * MnistDataset.PIXELS];
        byte[] labels = new byte[count];
        int[] block = new int[MnistDataset.CLASSES];
        for (int i = 0; i < count; i++) {
            if (i % MnistDataset.CLASSES == 0) {
                shuffledDigits(block, random);
            }
            labels[i] = (byte) block[i % MnistDataset.CLASSES];
            draw(labels[i], random, images, i * MnistDataset.PIXELS);
        }
        return new MnistDataset(images, labels);
    }

    /**
     * A folder with the four gzipped IDX files ({@value #TRAIN_IMAGES} training and {@value #TEST_IMAGES}
     * test images), written once per test JVM and shared read-only by the tests.
     */
    public static synchronized Path folder() {
        if (folder == null) {
            try {
                Path dir = Files.createTempDirectory("synthetic-mnist");
                write(dir, TRAIN_IMAGES, TEST_IMAGES);
                dir.toFile().deleteOnExit();
                folder = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return folder;
    }

    /** Writes {@code train} and {@code test} synthetic digits into {@code dir} as gzipped IDX files. */
    public static void write(Path dir, int train, int test) {
        writeSplit(dir, Split.TRAIN, digits(train, 1));
        writeSplit(dir, Split.TEST, digits(test, 2));
    }

    private static void writeSplit(Path dir, Split split, MnistDataset data) {
        byte[] labels = new byte[data.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (byte) data.label(i);
        }
        IdxFixtures.writeFile(dir, split.imagesFile(), IdxFixtures.imagesIdx(data.rawImages()), true);
        IdxFixtures.writeFile(dir, split.labelsFile(), IdxFixtures.labelsIdx(labels), true);
        for (String name : new String[] {split.imagesFile(), split.labelsFile()}) {
            dir.resolve(name + ".gz").toFile().deleteOnExit();
        }
    }

    private static void shuffledDigits(int[] block, Random random) {
        for (int d = 0; d < block.length; d++) {
            block[d] = d;
        }
        for (int k = block.length - 1; k > 0; k--) {
            int j = random.nextInt(k + 1);
            int t = block[k];
            block[k] = block[j];
            block[j] = t;
        }
    }

    private static void draw(int digit, Random random, byte[] images, int offset) {
        int dx = random.nextInt(7) - 3;
        int dy = random.nextInt(7) - 3;
        int width = 2 + random.nextInt(2);
        int value = 160 + random.nextInt(96);
        for (char segment : SEGMENTS[digit].toCharArray()) {
            int[] s = segment(segment);
            fill(images, offset, s[0] + dx, s[1] + dy, s[2] + dx, s[3] + dy, width, value);
        }
        for (int k = 0; k < 20; k++) {
            int p = random.nextInt(MnistDataset.PIXELS);
            images[offset + p] = (byte) Math.max(images[offset + p] & 0xFF, random.nextInt(128));
        }
    }

    /** The segment's end points {x0, y0, x1, y1}: horizontal or vertical. */
    private static int[] segment(char name) {
        return switch (name) {
            case 'a' -> new int[] {LEFT, TOP, RIGHT, TOP};
            case 'b' -> new int[] {RIGHT, TOP, RIGHT, MIDDLE};
            case 'c' -> new int[] {RIGHT, MIDDLE, RIGHT, BOTTOM};
            case 'd' -> new int[] {LEFT, BOTTOM, RIGHT, BOTTOM};
            case 'e' -> new int[] {LEFT, MIDDLE, LEFT, BOTTOM};
            case 'f' -> new int[] {LEFT, TOP, LEFT, MIDDLE};
            case 'g' -> new int[] {LEFT, MIDDLE, RIGHT, MIDDLE};
            default -> throw new IllegalArgumentException("no segment " + name);
        };
    }

    /** A stroke {@code width} pixels wide from (x0, y0) to (x1, y1), clipped to the image. */
    private static void fill(byte[] images, int offset, int x0, int y0, int x1, int y1, int width, int value) {
        for (int y = y0; y <= y1 + width - 1; y++) {
            for (int x = x0; x <= x1 + width - 1; x++) {
                if (x >= 0 && x < MnistDataset.COLS && y >= 0 && y < MnistDataset.ROWS) {
                    images[offset + y * MnistDataset.COLS + x] = (byte) value;
                }
            }
        }
    }
}
