package io.bnsync.train;

import io.bnsync.data.MnistDataset;
import io.bnsync.data.ParquetMnist;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The training data as Spark sees it: rows with stable ids, distributed, plus the labels by id,
 * which the driver needs (and which are small) to plan label-aware shards.
 */
public record TrainingSet(JavaRDD<IndexedImage> rows, byte[] labels) {

    /** Distributes an in-memory dataset (read on the driver from IDX files). */
    public static TrainingSet parallelize(JavaSparkContext sc, MnistDataset data, int slices) {
        List<IndexedImage> rows = new ArrayList<>(data.size());
        byte[] labels = new byte[data.size()];
        for (int i = 0; i < data.size(); i++) {
            labels[i] = (byte) data.label(i);
            rows.add(new IndexedImage(i, labels[i], data.image(i)));
        }
        return new TrainingSet(sc.parallelize(rows, Math.max(1, slices)), labels);
    }

    /** Leaves a Parquet split distributed: executors read their rows from shared storage. */
    public static TrainingSet fromParquet(ParquetMnist.DistributedSplit split) {
        JavaRDD<IndexedImage> rows = split.table().javaRDD()
                .map(row -> new IndexedImage((int) row.getLong(0), (byte) row.getInt(1), (byte[]) row.get(2)));
        return new TrainingSet(rows, split.labels());
    }

    public int size() {
        return labels.length;
    }
}
