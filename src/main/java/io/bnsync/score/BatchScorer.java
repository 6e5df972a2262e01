package io.bnsync.score;

import io.bnsync.data.DataException;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.ParquetMnist;
import io.bnsync.model.DigitPredictions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a table of images on the executors: the model is broadcast once, each executor JVM restores it once
 * ({@link ExecutorNetworks}), and each partition's rows go through it in minibatches of {@value #BATCH}, in
 * inference mode with the same features as {@code predict} and {@code evaluate} ({@link DigitPredictions}).
 * Output columns: {@code id}, {@code label} (when the input has one), {@code prediction}, {@code probability}
 * (10 values) and {@code model_version} (when the model came from a store).
 */
public final class BatchScorer {
    public static final String PREDICTION = "prediction";
    public static final String PROBABILITY = "probability";
    public static final String MODEL_VERSION = "model_version";
    static final int BATCH = 256;

    private BatchScorer() {
    }

    /**
     * @param images rows with {@code id} (long), {@code image} (784 bytes) and, optionally, {@code label} (int);
     *               every image is checked before any is scored
     */
    public static Dataset<Row> score(SparkSession spark, Dataset<Row> images, ScoringModel model) {
        boolean labelled = Arrays.asList(images.columns()).contains(ParquetMnist.LABEL);
        Dataset<Row> input = images.select(columns(labelled));
        requireWholeImages(input);
        StructType schema = outputSchema(labelled, model.version() != null);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ScoringModel> broadcast = sc.broadcast(model);
        JavaRDD<Row> scored = input.javaRDD().mapPartitions(rows -> scorePartition(rows, broadcast.value(), labelled));
        // The broadcast must outlive the lazy plan; Spark removes it with the context (or when unreferenced).
        return spark.createDataFrame(scored, schema);
    }

    private static org.apache.spark.sql.Column[] columns(boolean labelled) {
        List<org.apache.spark.sql.Column> c = new ArrayList<>(List.of(functions.col(ParquetMnist.ID).cast("long")));
        if (labelled) {
            c.add(functions.col(ParquetMnist.LABEL).cast("int"));
        }
        c.add(functions.col(ParquetMnist.IMAGE));
        return c.toArray(org.apache.spark.sql.Column[]::new);
    }

    private static void requireWholeImages(Dataset<Row> input) {
        List<Row> bad = input.filter(functions.col(ParquetMnist.IMAGE).isNull()
                        .or(functions.length(functions.col(ParquetMnist.IMAGE)).notEqual(MnistDataset.PIXELS)))
                .select(functions.col(ParquetMnist.ID), functions.length(functions.col(ParquetMnist.IMAGE)))
                .limit(1).collectAsList();
        if (!bad.isEmpty()) {
            Row row = bad.get(0);
            throw new DataException("image of row id " + row.get(0) + " has " + (row.isNullAt(1) ? "no" : row.get(1))
                    + " bytes, expected " + MnistDataset.PIXELS);
        }
    }

    static StructType outputSchema(boolean labelled, boolean versioned) {
        StructType schema = new StructType().add(ParquetMnist.ID, DataTypes.LongType, false);
        if (labelled) {
            schema = schema.add(ParquetMnist.LABEL, DataTypes.IntegerType, true);
        }
        schema = schema.add(PREDICTION, DataTypes.IntegerType, false)
                .add(PROBABILITY, DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        return versioned ? schema.add(MODEL_VERSION, DataTypes.StringType, false) : schema;
    }

    private static Iterator<Row> scorePartition(Iterator<Row> rows, ScoringModel model, boolean labelled) {
        return new ScoredRows(rows, model, labelled);
    }

    /**
     * A partition's rows scored a minibatch at a time as they are consumed, so a partition of any size needs the
     * memory of one minibatch; the network goes back to the executor's pool when the rows run out.
     */
    private static final class ScoredRows implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final ScoringModel model;
        private final boolean labelled;
        private final List<Row> ready = new ArrayList<>(BATCH);
        private int next;

        ScoredRows(Iterator<Row> rows, ScoringModel model, boolean labelled) {
            this.rows = rows;
            this.model = model;
            this.labelled = labelled;
        }

        @Override
        public boolean hasNext() {
            if (next < ready.size()) {
                return true;
            }
            ready.clear();
            next = 0;
            List<Row> chunk = new ArrayList<>(BATCH);
            while (chunk.size() < BATCH && rows.hasNext()) {
                chunk.add(rows.next());
            }
            if (!chunk.isEmpty()) {
                var net = ExecutorNetworks.borrow(model);
                try {
                    scoreChunk(net, chunk, model, labelled, ready);
                } finally {
                    ExecutorNetworks.release(model, net);
                }
            }
            return !ready.isEmpty();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return ready.get(next++);
        }
    }

    private static void scoreChunk(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net, List<Row> chunk,
                                   ScoringModel model, boolean labelled, List<Row> out) {
        int imageColumn = labelled ? 2 : 1;
        byte[] pixels = new byte[chunk.size() * MnistDataset.PIXELS];
        for (int i = 0; i < chunk.size(); i++) {
            System.arraycopy((byte[]) chunk.get(i).get(imageColumn), 0, pixels, i * MnistDataset.PIXELS,
                    MnistDataset.PIXELS);
        }
        double[][] probabilities = DigitPredictions.probabilities(net, new MnistDataset(pixels,
                new byte[chunk.size()]));
        for (int i = 0; i < chunk.size(); i++) {
            Row in = chunk.get(i);
            List<Object> values = new ArrayList<>();
            values.add(in.getLong(0));
            if (labelled) {
                values.add(in.isNullAt(1) ? null : in.getInt(1));
            }
            values.add(DigitPredictions.digit(probabilities[i]));
            values.add(probabilities[i]);
            if (model.version() != null) {
                values.add(model.version());
            }
            out.add(RowFactory.create(values.toArray()));
        }
    }
}
