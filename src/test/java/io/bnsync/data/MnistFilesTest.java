package io.bnsync.data;

import static io.bnsync.data.IdxFixtures.cut;
import static io.bnsync.data.IdxFixtures.gzip;
import static io.bnsync.data.IdxFixtures.imagesIdx;
import static io.bnsync.data.IdxFixtures.labels;
import static io.bnsync.data.IdxFixtures.labelsIdx;
import static io.bnsync.data.IdxFixtures.pixels;
import static io.bnsync.data.IdxFixtures.write;
import static io.bnsync.data.IdxFixtures.writeFile;
import static io.bnsync.data.IdxFixtures.writeSplit;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistFiles.Split;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistFilesTest {
    private static final Configuration CONF = new Configuration();

    @TempDir
    Path dir;

    private String folder() {
        return dir.toString();
    }

    private DataException loadFails(Split split) {
        return assertThrows(DataException.class, () -> MnistFiles.load(folder(), split, CONF));
    }

    private static void assertSameContent(MnistDataset data, int count) {
        assertEquals(count, data.size());
        assertArrayEquals(pixels(count), concatImages(data));
        for (int i = 0; i < count; i++) {
            assertEquals(i % 10, data.label(i));
        }
    }

    private static byte[] concatImages(MnistDataset data) {
        byte[] all = new byte[data.size() * MnistDataset.PIXELS];
        for (int i = 0; i < data.size(); i++) {
            System.arraycopy(data.image(i), 0, all, i * MnistDataset.PIXELS, MnistDataset.PIXELS);
        }
        return all;
    }

    @Test
    void loadsTheRealTestSplit() {
        MnistDataset test = MnistFiles.load(RealMnist.folder().toString(), Split.TEST, CONF);
        assertEquals(10_000, test.size());
        assertEquals(7, test.label(0)); // the well-known first test digit
    }

    @Test
    void loadsGzippedTrainSplit() {
        writeSplit(dir, Split.TRAIN, 7, true);
        assertSameContent(MnistFiles.load(folder(), Split.TRAIN, CONF), 7);
    }

    @Test
    void loadsRawTestSplitThroughFileUri() {
        writeSplit(dir, Split.TEST, 4, false);
        assertSameContent(MnistFiles.load(dir.toUri().toString(), Split.TEST, CONF), 4);
    }

    @Test
    void prefersGzWhenBothFormsExist() {
        writeSplit(dir, Split.TRAIN, 3, true);
        write(dir, Split.TRAIN.imagesFile(), new byte[] {1, 2, 3});
        assertEquals(3, MnistFiles.load(folder(), Split.TRAIN, CONF).size());
    }

    @Test
    void missingFolder() {
        String missing = dir.resolve("nope").toString();
        DataException e = assertThrows(DataException.class, () -> MnistFiles.load(missing, Split.TRAIN, CONF));
        assertEquals(missing + ": no such folder", e.getMessage());
    }

    @Test
    void missingFile() {
        writeFile(dir, Split.TRAIN.imagesFile(), imagesIdx(pixels(2)), true);
        assertEquals(folder() + ": missing train-labels-idx1-ubyte(.gz)", loadFails(Split.TRAIN).getMessage());
    }

    @Test
    void imageLabelCountMismatch() {
        writeFile(dir, Split.TRAIN.imagesFile(), imagesIdx(pixels(5)), true);
        writeFile(dir, Split.TRAIN.labelsFile(), labelsIdx(labels(4)), false);
        assertEquals(folder() + ": 5 images but 4 labels", loadFails(Split.TRAIN).getMessage());
    }

    @Test
    void errorsInsideAFileNameThatFile() {
        writeFile(dir, Split.TEST.imagesFile(), imagesIdx(pixels(2)), false);
        write(dir, Split.TEST.labelsFile() + ".gz", cut(gzip(labelsIdx(labels(2))), 12));
        IdxReaderTest.assertStartsWith(dir.resolve("t10k-labels-idx1-ubyte.gz")
                + ": truncated or corrupt gzip data", loadFails(Split.TEST).getMessage());
    }

    @Test
    void emptyFileIsNamed() {
        writeFile(dir, Split.TEST.imagesFile(), new byte[0], false);
        writeFile(dir, Split.TEST.labelsFile(), labelsIdx(labels(2)), false);
        assertEquals(dir.resolve("t10k-images-idx3-ubyte") + ": empty file", loadFails(Split.TEST).getMessage());
    }

    @Test
    void completeOnlyWithAllFour() {
        assertFalse(MnistFiles.isComplete(dir.resolve("nope").toString(), CONF));
        writeSplit(dir, Split.TRAIN, 1, true);
        assertFalse(MnistFiles.isComplete(folder(), CONF));
        writeSplit(dir, Split.TEST, 1, false);
        assertTrue(MnistFiles.isComplete(folder(), CONF));
    }

    @Test
    void recognizesParquetFolders() {
        assertFalse(MnistFiles.isParquet(dir.resolve("nope").toString(), CONF));
        writeSplit(dir, Split.TRAIN, 1, true);
        assertFalse(MnistFiles.isParquet(folder(), CONF));

        write(dir.resolve("a"), "part-00000-x.snappy.parquet", new byte[0]);
        assertTrue(MnistFiles.isParquet(dir.resolve("a").toString(), CONF));

        write(dir.resolve("b"), "part-00000", new byte[0]);
        assertFalse(MnistFiles.isParquet(dir.resolve("b").toString(), CONF));
        write(dir.resolve("b"), "_SUCCESS", new byte[0]);
        assertTrue(MnistFiles.isParquet(dir.resolve("b").toUri().toString(), CONF));
    }
}
