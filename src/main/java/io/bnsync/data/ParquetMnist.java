package io.bnsync.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Stores an {@link MnistDataset} as Parquet ({@code id} long, {@code label} int, {@code image}
 * 784-byte binary) and reads it back.
 *
 * <p>Why Parquet: a cluster reads it in parallel from any Hadoop file system, unlike four gzip
 * files. Why an explicit {@code id}: Parquet and Spark do not preserve row order, but training
 * must see the images in the same order on every run (shuffling with a fixed seed, sharding),
 * so the order is stored as data and restored by sorting on it.
 */
public final class ParquetMnist {
    public static final String ID = "id";
    public static final String LABEL = "label";
    public static final String IMAGE = "image";
    /** The other image column a table to score may have: a Spark ML vector of 784 pixel values (0–255). */
    public static final String FEATURES = "features";

    static final StructType SCHEMA = new StructType()
            .add(ID, DataTypes.LongType, false)
            .add(LABEL, DataTypes.IntegerType, false)
            .add(IMAGE, DataTypes.BinaryType, false);

    /** About 16 MB of pixels per file: few enough files for HDFS, enough for parallel reads. */
    private static final int ROWS_PER_FILE = 20_000;

    private ParquetMnist() {
    }

    /** Writes {@code data} to {@code outUri}; refuses to replace anything already there. */
    public static void write(SparkSession spark, MnistDataset data, String outUri) {
        requireEmptyOrAbsent(spark, outUri);
        int files = Math.max(1, (data.size() + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
        toTable(spark, data)
                .repartitionByRange(files, functions.col(ID))
                .sortWithinPartitions(ID)
                .write()
                // Safe: the check above proved the target is absent or an empty folder.
                .mode(SaveMode.Overwrite)
                .parquet(outUri);
    }

    /** {@code data} as a table: {@code id} (its index), {@code label}, {@code image}. */
    public static Dataset<Row> toTable(SparkSession spark, MnistDataset data) {
        List<Row> rows = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            rows.add(RowFactory.create((long) i, data.label(i), data.image(i)));
        }
        return spark.createDataFrame(rows, SCHEMA);
    }

    /**
     * A Parquet table with an {@code id} column and images in {@code image} (784 bytes) or {@code features} (a Spark
     * ML vector of 784 values), {@code label} optional; returned as it is.
     */
    public static Dataset<Row> imageTable(SparkSession spark, String uri) {
        Dataset<Row> table = spark.read().parquet(uri);
        List<String> columns = List.of(table.columns());
        if (!columns.contains(ID) || !(columns.contains(IMAGE) || columns.contains(FEATURES))) {
            throw new DataException(uri + ": needs columns 'id' and 'image' (or 'features'); found: "
                    + String.join(", ", columns));
        }
        return table;
    }

    /**
     * Reads a folder written by {@link #write}, in {@code id} order, validating every row. The folder is one that
     * {@link DataLocation#resolve} found to hold Parquet.
     */
    public static MnistDataset read(SparkSession spark, String uri) {
        Dataset<Row> table = spark.read().parquet(uri);
        checkSchema(table.schema(), uri);
        List<Row> rows = table.select(ID, LABEL, IMAGE).orderBy(ID).collectAsList();
        return toDataset(rows, uri);
    }

    /**
     * The first {@code limit} rows (by id; 0 = all) as a validated table, left distributed so
     * executors read their rows from shared storage, with the labels collected by id for the driver.
     */
    public static DistributedSplit readDistributed(SparkSession spark, String uri, int limit) {
        Dataset<Row> table = spark.read().parquet(uri);
        checkSchema(table.schema(), uri);
        if (limit > 0) {
            table = table.filter(org.apache.spark.sql.functions.col(ID).lt(limit));
        }
        // Image lengths come along (not the pixels), so every row is validated here, before training starts.
        List<Row> ids = table.select(functions.col(ID), functions.col(LABEL), functions.length(functions.col(IMAGE)))
                .orderBy(ID).collectAsList();
        byte[] labels = new byte[ids.size()];
        for (int k = 0; k < labels.length; k++) {
            Row row = ids.get(k);
            if (row.isNullAt(0) || row.getLong(0) != k) {
                throw new DataException(uri + ": row ids are not 0..n-1 at position " + k
                        + ": rows are missing or duplicated");
            }
            if (row.isNullAt(1) || row.isNullAt(2)) {
                throw new DataException(uri + ": null value in row " + k);
            }
            int label = row.getInt(1);
            if (label < 0 || label >= MnistDataset.CLASSES) {
                throw new DataException(uri + ": label " + label + " of row id " + k + " is outside 0-9");
            }
            if (row.getInt(2) != MnistDataset.PIXELS) {
                throw new DataException(uri + ": image of row id " + k + " has " + row.getInt(2)
                        + " bytes, expected " + MnistDataset.PIXELS);
            }
            labels[k] = (byte) label;
        }
        return new DistributedSplit(table.select(ID, LABEL, IMAGE), labels);
    }

    /** A split left in Spark, plus its labels by id. */
    public record DistributedSplit(Dataset<Row> table, byte[] labels) {
    }

    static void requireEmptyOrAbsent(SparkSession spark, String outUri) {
        Path out = new Path(outUri);
        FileSystem fs = MnistFiles.fileSystem(out, spark.sparkContext().hadoopConfiguration());
        try {
            FileStatus status = fs.getFileStatus(out);
            if (status.isFile() || fs.listStatus(out).length > 0) {
                throw new DataException(outUri + ": output already exists and is not empty; refusing to overwrite");
            }
        } catch (FileNotFoundException e) {
            // absent: fine, Spark creates it
        } catch (IOException e) {
            throw new DataException(outUri + ": cannot check output folder: " + e.getMessage(), e);
        }
    }

    private static void checkSchema(StructType schema, String uri) {
        for (StructField wanted : SCHEMA.fields()) {
            if (!List.of(schema.fieldNames()).contains(wanted.name())) {
                throw new DataException(uri + ": missing column '" + wanted.name() + "' (found: "
                        + String.join(", ", schema.fieldNames()) + ")");
            }
            DataType actual = schema.apply(wanted.name()).dataType();
            if (!actual.equals(wanted.dataType())) {
                throw new DataException(uri + ": column '" + wanted.name() + "' is " + actual.simpleString()
                        + ", expected " + wanted.dataType().simpleString());
            }
        }
    }

    /** Rows arrive sorted by id; ids must be exactly 0..n-1, or rows were lost or duplicated. */
    private static MnistDataset toDataset(List<Row> rows, String uri) {
        List<byte[]> images = new ArrayList<>(rows.size());
        List<Integer> labels = new ArrayList<>(rows.size());
        for (int k = 0; k < rows.size(); k++) {
            Row row = rows.get(k);
            checkRow(row, k, uri);
            images.add((byte[]) row.get(2));
            labels.add(row.getInt(1));
        }
        return MnistDataset.ofRows(images, labels);
    }

    private static void checkRow(Row row, int position, String uri) {
        if (row.isNullAt(0) || row.isNullAt(1) || row.isNullAt(2)) {
            throw new DataException(uri + ": null value in row " + position);
        }
        long id = row.getLong(0);
        if (id != position) {
            throw new DataException(uri + ": row ids are not 0..n-1 (id " + id + " at position " + position
                    + "): rows are missing or duplicated");
        }
        int length = ((byte[]) row.get(2)).length;
        if (length != MnistDataset.PIXELS) {
            throw new DataException(uri + ": image of row id " + id + " has " + length + " bytes, expected "
                    + MnistDataset.PIXELS);
        }
        int label = row.getInt(1);
        if (label < 0 || label >= MnistDataset.CLASSES) {
            throw new DataException(uri + ": label " + label + " of row id " + id + " is outside 0-9");
        }
    }
}
