package io.bnsync.data;

import io.bnsync.data.MnistFiles.Split;
import java.util.Locale;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one entry point for "give me MNIST split X from this location", whatever the format: the layouts, and how
 * they are told apart, are {@link DataLocation}'s, resolved once by {@link #locate}.
 */
public final class MnistSource {
    private MnistSource() {
    }

    /**
     * Writes both splits of {@code train} and {@code test} as Parquet under {@code outUri}, in the layout
     * {@link #load} reads, marked complete only at the end ({@link PrepareMarker}); refuses to replace anything.
     */
    public static void prepare(SparkSession spark, MnistDataset train, MnistDataset test, String outUri) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        ParquetMnist.requireEmptyOrAbsent(spark, parquetSplitFolder(outUri, Split.TRAIN));
        ParquetMnist.requireEmptyOrAbsent(spark, parquetSplitFolder(outUri, Split.TEST));
        PrepareMarker.writing(outUri, conf);
        ParquetMnist.write(spark, train, parquetSplitFolder(outUri, Split.TRAIN));
        ParquetMnist.write(spark, test, parquetSplitFolder(outUri, Split.TEST));
        PrepareMarker.complete(outUri, conf);
    }

    /** Where {@code prepare} writes (and {@link #load} finds) one split under {@code outUri}. */
    public static String parquetSplitFolder(String outUri, Split split) {
        return new Path(outUri, split.name().toLowerCase(Locale.ROOT)).toString();
    }

    /** Resolves {@code uri} once into the layout found there ({@link DataLocation}). */
    public static DataLocation locate(String uri, SparkSession spark) {
        return DataLocation.resolve(uri, spark.sparkContext().hadoopConfiguration());
    }

    public static MnistDataset load(DataLocation location, Split split, SparkSession spark) {
        Optional<String> table = location.parquetTable(split);
        return table.isPresent() ? ParquetMnist.read(spark, table.get())
                : MnistFiles.load(location.uri(), split, spark.sparkContext().hadoopConfiguration());
    }

    /**
     * The images of {@code location} as a table ({@code id}, {@code image}, and {@code label} when known) for
     * scoring: the split's Parquet table (a single table whatever the split), or the split's IDX files ({@code id} =
     * the image's index in its file, as {@code prepare} numbers them).
     */
    public static Dataset<Row> imageTable(SparkSession spark, DataLocation location, Split split) {
        if (location instanceof DataLocation.ParquetTable table) {
            return ParquetMnist.imageTable(spark, table.uri());
        }
        Optional<String> table = location.parquetTable(split);
        return table.isPresent() ? ParquetMnist.imageTable(spark, table.get())
                : ParquetMnist.toTable(spark, load(location, split, spark));
    }
}
