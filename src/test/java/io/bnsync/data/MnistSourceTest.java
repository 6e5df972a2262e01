package io.bnsync.data;

import static io.bnsync.data.ParquetMnistTest.assertSameData;
import static io.bnsync.data.ParquetMnistTest.generated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bnsync.data.MnistFiles.Split;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistSourceTest {
    private static SparkSession spark;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    @Test
    void readsIdxFolders() {
        IdxFixtures.writeSplit(tmp, Split.TEST, 4, true);
        assertSameData(generated(4), MnistSource.load(tmp.toString(), Split.TEST, spark));
    }

    @Test
    void readsThePrepareLayoutForBothSplits() {
        String out = tmp.resolve("prepared").toString();
        ParquetMnist.write(spark, generated(6), MnistSource.parquetSplitFolder(out, Split.TRAIN));
        ParquetMnist.write(spark, generated(2), MnistSource.parquetSplitFolder(out, Split.TEST));

        assertSameData(generated(6), MnistSource.load(out, Split.TRAIN, spark));
        assertSameData(generated(2), MnistSource.load(out, Split.TEST, spark));
        // Pointing at .../train directly still finds the test split next to it.
        String train = MnistSource.parquetSplitFolder(out, Split.TRAIN);
        assertSameData(generated(6), MnistSource.load(train, Split.TRAIN, spark));
        assertSameData(generated(2), MnistSource.load(train, Split.TEST, spark));
    }

    @Test
    void singleParquetFolderHasNoTestSplit() {
        String folder = tmp.resolve("mnist-parquet").toString();
        ParquetMnist.write(spark, generated(3), folder);

        assertSameData(generated(3), MnistSource.load(folder, Split.TRAIN, spark));
        DataException e = assertThrows(DataException.class, () -> MnistSource.load(folder, Split.TEST, spark));
        assertEquals(folder + ": a single Parquet folder holds only the train split; for the test split use the"
                + " folder with train/ and test/ that prepare writes", e.getMessage());
    }

    @Test
    void missingFolderIsReportedAsIdx() {
        String missing = tmp.resolve("nope").toString();
        DataException e = assertThrows(DataException.class, () -> MnistSource.load(missing, Split.TRAIN, spark));
        assertEquals(missing + ": no such folder", e.getMessage());
    }
}
