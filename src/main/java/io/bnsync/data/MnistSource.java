package io.bnsync.data;

import io.bnsync.data.MnistFiles.Split;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The one entry point for "give me MNIST split X from this location", whatever the format.
 *
 * <p>Accepted layouts, checked in this order:
 * <ol>
 *   <li>a folder with Parquet subfolders {@code train/} and {@code test/} — what {@code prepare}
 *       writes (see {@link #parquetSplitFolder});</li>
 *   <li>a single Parquet folder: it holds the train split; for the test split a sibling
 *       {@code ../test} Parquet folder is used when the folder itself is named {@code train};</li>
 *   <li>otherwise the four IDX files, raw or gzipped, via {@link MnistFiles}.</li>
 * </ol>
 * Why: users point the tool at whatever they have, and should not need a format flag.
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

    public static MnistDataset load(String dirOrUri, Split split, SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String splitFolder = parquetSplitFolder(dirOrUri, split);
        if (MnistFiles.isParquet(splitFolder, conf)) {
            PrepareMarker.requireComplete(dirOrUri, conf);
            return ParquetMnist.read(spark, splitFolder);
        }
        if (MnistFiles.isParquet(dirOrUri, conf)) {
            return ParquetMnist.read(spark, singleParquetFolder(dirOrUri, split, conf));
        }
        return MnistFiles.load(dirOrUri, split, conf);
    }

    /**
     * The images of {@code dirOrUri} as a table ({@code id}, {@code image}, and {@code label} when known) for
     * scoring: the split's folder in {@code prepare}'s layout, a Parquet table itself (whatever the split), or the
     * split's IDX files ({@code id} = the image's index in its file, as {@code prepare} numbers them).
     */
    public static Dataset<Row> imageTable(SparkSession spark, String dirOrUri, Split split) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        String splitFolder = parquetSplitFolder(dirOrUri, split);
        if (MnistFiles.isParquet(splitFolder, conf)) {
            PrepareMarker.requireComplete(dirOrUri, conf);
            return ParquetMnist.imageTable(spark, splitFolder);
        }
        if (MnistFiles.isParquet(dirOrUri, conf)) {
            return ParquetMnist.imageTable(spark, dirOrUri);
        }
        return ParquetMnist.toTable(spark, MnistFiles.load(dirOrUri, split, conf));
    }

    /** The Parquet folder holding the train split of {@code dirOrUri}, or null when it is IDX. */
    public static String trainParquetFolder(String dirOrUri, Configuration conf) {
        String splitFolder = parquetSplitFolder(dirOrUri, Split.TRAIN);
        if (MnistFiles.isParquet(splitFolder, conf)) {
            PrepareMarker.requireComplete(dirOrUri, conf);
            return splitFolder;
        }
        return MnistFiles.isParquet(dirOrUri, conf) ? dirOrUri : null;
    }

    private static String singleParquetFolder(String dirOrUri, Split split, Configuration conf) {
        if (split == Split.TRAIN) {
            return dirOrUri;
        }
        Path dir = new Path(dirOrUri);
        if (dir.getName().equals("train") && dir.getParent() != null) {
            String sibling = parquetSplitFolder(dir.getParent().toString(), Split.TEST);
            if (MnistFiles.isParquet(sibling, conf)) {
                return sibling;
            }
        }
        throw new DataException(dirOrUri + ": a single Parquet folder holds only the train split;"
                + " for the test split use the folder with train/ and test/ that prepare writes");
    }
}
