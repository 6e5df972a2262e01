package io.bnsync.data;

import static io.bnsync.data.ParquetMnistTest.assertSameData;
import static io.bnsync.data.ParquetMnistTest.generated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistFiles.Split;
import java.nio.file.Path;
import java.util.Optional;
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
        assertSameData(generated(4), MnistSource.load(MnistSource.locate(tmp.toString(), spark), Split.TEST, spark));
    }

    @Test
    void readsThePrepareLayoutForBothSplits() {
        String out = tmp.resolve("prepared").toString();
        ParquetMnist.write(spark, generated(6), MnistSource.parquetSplitFolder(out, Split.TRAIN));
        ParquetMnist.write(spark, generated(2), MnistSource.parquetSplitFolder(out, Split.TEST));

        assertSameData(generated(6), MnistSource.load(MnistSource.locate(out, spark), Split.TRAIN, spark));
        assertSameData(generated(2), MnistSource.load(MnistSource.locate(out, spark), Split.TEST, spark));
        // Pointing at .../train directly still finds the test split next to it.
        String train = MnistSource.parquetSplitFolder(out, Split.TRAIN);
        assertSameData(generated(6), MnistSource.load(MnistSource.locate(train, spark), Split.TRAIN, spark));
        assertSameData(generated(2), MnistSource.load(MnistSource.locate(train, spark), Split.TEST, spark));
    }

    @Test
    void singleParquetFolderHasNoTestSplit() {
        String folder = tmp.resolve("mnist-parquet").toString();
        ParquetMnist.write(spark, generated(3), folder);

        assertSameData(generated(3), MnistSource.load(MnistSource.locate(folder, spark), Split.TRAIN, spark));
        DataException e = assertThrows(DataException.class, () -> MnistSource.load(MnistSource.locate(folder, spark), Split.TEST, spark));
        assertEquals(folder + ": a single Parquet folder holds only the train split; for the test split use the"
                + " folder with train/ and test/ that prepare writes", e.getMessage());
    }

    @Test
    void eachLayoutIsResolvedToItsKind() {
        String prepared = tmp.resolve("prepared").toString();
        ParquetMnist.write(spark, generated(2), MnistSource.parquetSplitFolder(prepared, Split.TRAIN));
        ParquetMnist.write(spark, generated(1), MnistSource.parquetSplitFolder(prepared, Split.TEST));
        String table = tmp.resolve("table").toString();
        ParquetMnist.write(spark, generated(1), table);
        IdxFixtures.writeSplit(tmp.resolve("idx"), Split.TEST, 1, true);

        assertEquals(new DataLocation.Prepared(prepared), MnistSource.locate(prepared, spark));
        assertEquals(new DataLocation.ParquetTable(table, Optional.empty()), MnistSource.locate(table, spark));
        String train = MnistSource.parquetSplitFolder(prepared, Split.TRAIN);
        assertEquals(new DataLocation.ParquetTable(train, Optional.of(MnistSource.parquetSplitFolder(prepared,
                Split.TEST))), MnistSource.locate(train, spark));
        String idx = tmp.resolve("idx").toString();
        assertEquals(new DataLocation.IdxFolder(idx), MnistSource.locate(idx, spark));
        assertEquals(Optional.empty(), MnistSource.locate(idx, spark).parquetTable(Split.TRAIN));
    }

    @Test
    void aPrepareThatDidNotFinishIsRefusedWhenResolved() throws Exception {
        String prepared = tmp.resolve("half").toString();
        ParquetMnist.write(spark, generated(2), MnistSource.parquetSplitFolder(prepared, Split.TRAIN));
        java.nio.file.Files.writeString(tmp.resolve("half").resolve(PrepareMarker.NAME), "writing\n");
        DataException e = assertThrows(DataException.class, () -> MnistSource.locate(prepared, spark));
        assertTrue(e.getMessage().startsWith(prepared + ": prepare did not finish"), e.getMessage());
    }

    @Test
    void missingFolderIsReportedAsIdx() {
        String missing = tmp.resolve("nope").toString();
        DataException e = assertThrows(DataException.class, () -> MnistSource.load(MnistSource.locate(missing, spark), Split.TRAIN, spark));
        assertEquals(missing + ": no such folder", e.getMessage());
    }
}
