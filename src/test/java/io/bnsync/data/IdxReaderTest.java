package io.bnsync.data;

import static io.bnsync.data.IdxFixtures.cut;
import static io.bnsync.data.IdxFixtures.gzip;
import static io.bnsync.data.IdxFixtures.idx;
import static io.bnsync.data.IdxFixtures.imagesIdx;
import static io.bnsync.data.IdxFixtures.labels;
import static io.bnsync.data.IdxFixtures.labelsIdx;
import static io.bnsync.data.IdxFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class IdxReaderTest {
    private static final String NAME = "some/dir/train-images-idx3-ubyte.gz";

    private static byte[] images(byte[] content) {
        return IdxReader.readImages(new ByteArrayInputStream(content), NAME);
    }

    private static byte[] labelsOf(byte[] content) {
        return IdxReader.readLabels(new ByteArrayInputStream(content), NAME);
    }

    private static void assertFails(String expectedMessage, Runnable read) {
        DataException e = assertThrows(DataException.class, read::run);
        assertEquals(NAME + ": " + expectedMessage, e.getMessage());
    }

    @Test
    void readsRawImagesAndLabels() {
        assertArrayEquals(pixels(3), images(imagesIdx(pixels(3))));
        assertArrayEquals(labels(12), labelsOf(labelsIdx(labels(12))));
    }

    @Test
    void readsGzippedImagesAndLabels() {
        assertArrayEquals(pixels(3), images(gzip(imagesIdx(pixels(3)))));
        assertArrayEquals(labels(12), labelsOf(gzip(labelsIdx(labels(12)))));
    }

    @Test
    void readsZeroImages() {
        assertEquals(0, images(imagesIdx(new byte[0])).length);
    }

    @Test
    void emptyFile() {
        assertFails("empty file", () -> images(new byte[0]));
    }

    @Test
    void truncatedData() {
        byte[] file = imagesIdx(pixels(2));
        assertFails("truncated: header says 2 images (1568 bytes) but only 1000 bytes follow",
                () -> images(cut(file, 16 + 1000)));
    }

    @Test
    void truncatedHeader() {
        assertFails("truncated header (file ends before the IDX images header is complete)",
                () -> images(cut(imagesIdx(pixels(1)), 10)));
    }

    @Test
    void truncatedGzip() {
        byte[] gz = gzip(imagesIdx(pixels(5)));
        DataException e = assertThrows(DataException.class, () -> images(cut(gz, gz.length / 2)));
        assertStartsWith(NAME + ": truncated or corrupt gzip data", e.getMessage());
    }

    @Test
    void corruptGzip() {
        byte[] gz = gzip(imagesIdx(pixels(5)));
        for (int i = 10; i < 40; i++) {
            gz[i] ^= 0x5a;
        }
        DataException e = assertThrows(DataException.class, () -> images(gz));
        assertStartsWith(NAME + ": truncated or corrupt gzip data", e.getMessage());
    }

    @Test
    void wrongMagicForImages() {
        assertFails("wrong magic number 0x00000801, expected 0x00000803 (IDX images)",
                () -> images(labelsIdx(labels(3))));
    }

    @Test
    void wrongMagicForLabels() {
        assertFails("wrong magic number 0x00000803, expected 0x00000801 (IDX labels)",
                () -> labelsOf(imagesIdx(pixels(1))));
    }

    @Test
    void imagesNot28x28() {
        byte[] file = idx(IdxReader.IMAGES_MAGIC, new int[] {2, 32, 32}, new byte[2 * 32 * 32]);
        assertFails("images are 32x32, expected 28x28", () -> images(file));
    }

    @Test
    void headerCountLargerThanData() {
        byte[] file = idx(IdxReader.LABELS_MAGIC, new int[] {10}, labels(7));
        assertFails("truncated: header says 10 labels (10 bytes) but only 7 bytes follow", () -> labelsOf(file));
    }

    @Test
    void trailingBytes() {
        byte[] file = idx(IdxReader.IMAGES_MAGIC, new int[] {1, 28, 28}, pixels(2));
        assertFails("trailing data: header says 1 images (784 bytes) but 1568 bytes follow (784 extra)",
                () -> images(gzip(file)));
    }

    @Test
    void absurdCountIsRejectedWithoutAllocating() {
        assertFails("implausible header: -5 labels (expected 0 to 100000000)",
                () -> labelsOf(idx(IdxReader.LABELS_MAGIC, new int[] {-5}, new byte[0])));
        assertFails("implausible header: 2000000000 images (expected 0 to 100000000)",
                () -> images(idx(IdxReader.IMAGES_MAGIC, new int[] {2_000_000_000, 28, 28}, new byte[0])));
        assertFails("header says 50000000 images, more than one array can hold",
                () -> images(idx(IdxReader.IMAGES_MAGIC, new int[] {50_000_000, 28, 28}, new byte[0])));
    }

    @Test
    void hugeButPlausibleCountReportsTruncation() {
        assertFails("truncated: header says 2000000 images (1568000000 bytes) but only 784 bytes follow",
                () -> images(idx(IdxReader.IMAGES_MAGIC, new int[] {2_000_000, 28, 28}, pixels(1))));
    }

    @Test
    void labelOutOfRange() {
        byte[] labels = labels(8);
        labels[5] = 12;
        assertFails("label 12 at index 5 is outside 0-9", () -> labelsOf(labelsIdx(labels)));
    }

    @Test
    void labelAbove127IsReportedUnsigned() {
        byte[] labels = labels(3);
        labels[2] = (byte) 200;
        assertFails("label 200 at index 2 is outside 0-9", () -> labelsOf(gzip(labelsIdx(labels))));
    }

    static void assertStartsWith(String prefix, String actual) {
        if (!actual.startsWith(prefix)) {
            throw new AssertionError("expected message starting with <" + prefix + "> but was <" + actual + ">");
        }
    }
}
