package io.bnsync.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetMnistTest {
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

    static MnistDataset generated(int count) {
        return new MnistDataset(IdxFixtures.pixels(count), IdxFixtures.labels(count));
    }

    static void assertSameData(MnistDataset expected, MnistDataset actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.image(i), actual.image(i), "image " + i);
            assertEquals(expected.label(i), actual.label(i), "label " + i);
        }
    }

    @Test
    void roundTripKeepsBytesLabelsAndOrder() {
        // Shuffled order proves read() restores the written order, not some natural one.
        MnistDataset data = generated(50).select(new int[] {
            7, 3, 49, 0, 12, 5, 8, 1, 2, 4, 6, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
            24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48});
        String out = tmp.resolve("train").toString();

        ParquetMnist.write(spark, data, out);

        assertSameData(data, ParquetMnist.read(spark, out));
    }

    @Test
    void writesIntoAnEmptyExistingFolder() {
        String out = tmp.toUri().toString();
        ParquetMnist.write(spark, generated(3), out);
        assertSameData(generated(3), ParquetMnist.read(spark, out));
    }

    @Test
    void refusesToOverwrite() {
        String out = tmp.resolve("train").toString();
        ParquetMnist.write(spark, generated(2), out);
        DataException e = assertThrows(DataException.class, () -> ParquetMnist.write(spark, generated(2), out));
        assertEquals(out + ": output already exists and is not empty; refusing to overwrite", e.getMessage());
    }

    @Test
    void missingColumn() {
        String out = writeRaw(new StructType().add("id", DataTypes.LongType).add("label", DataTypes.IntegerType),
                RowFactory.create(0L, 1));
        DataException e = assertThrows(DataException.class, () -> ParquetMnist.read(spark, out));
        assertEquals(out + ": missing column 'image' (found: id, label)", e.getMessage());
    }

    @Test
    void wrongImageLength() {
        String out = writeRaw(ParquetMnist.SCHEMA, RowFactory.create(0L, 1, new byte[100]));
        DataException e = assertThrows(DataException.class, () -> ParquetMnist.read(spark, out));
        assertEquals(out + ": image of row id 0 has 100 bytes, expected 784", e.getMessage());
    }

    @Test
    void missingRows() {
        String out = writeRaw(ParquetMnist.SCHEMA, RowFactory.create(0L, 1, new byte[784]),
                RowFactory.create(2L, 1, new byte[784]));
        DataException e = assertThrows(DataException.class, () -> ParquetMnist.read(spark, out));
        assertEquals(out + ": row ids are not 0..n-1 (id 2 at position 1): rows are missing or duplicated",
                e.getMessage());
    }

    private String writeRaw(StructType schema, Row... rows) {
        String out = tmp.resolve("raw").toString();
        spark.createDataFrame(List.of(rows), schema).write().parquet(out);
        return out;
    }
}
