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
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

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
     * @param images rows with {@code id} (long), {@code image} (784 bytes) or {@code features} (a vector of 784
     *               pixel values) and, optionally, {@code label}; byte images are checked before any is scored
     */
    public static Dataset<Row> score(SparkSession spark, Dataset<Row> images, ScoringModel model) {
        List<String> names = Arrays.asList(images.columns());
        boolean labelled = names.contains(ParquetMnist.LABEL);
        String pixels = names.contains(ParquetMnist.IMAGE) ? ParquetMnist.IMAGE : ParquetMnist.FEATURES;
        Dataset<Row> input = images.select(columns(labelled, pixels));
        ImageColumn reader = ImageColumn.of(input.schema(), pixels);
        if (!reader.vector()) {
            requireWholeImages(input); // vectors are checked row by row as they are scored
        }
        StructType schema = outputSchema(labelled, model.version() != null);
        return spark.createDataFrame(append(input.javaRDD(), model, reader, new TableRow(labelled, model.version())),
                schema);
    }

    /** Reads a row's 784 pixels (0–255, row-major). */
    public interface PixelReader extends java.io.Serializable {
        byte[] pixels(Row row);
    }

    /** Builds the output row from an input row and its scores. */
    public interface RowMaker extends java.io.Serializable {
        Row make(Row in, int prediction, double[] probabilities);
    }

    /**
     * Scores every row of {@code rows} on the executors — the model broadcast once, one network per executor JVM,
     * minibatches of {@value #BATCH} — and returns what {@code maker} makes of each row and its scores, in order.
     */
    public static JavaRDD<Row> append(JavaRDD<Row> rows, ScoringModel model, PixelReader pixels, RowMaker maker) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(rows.context());
        // Only the bytes are broadcast: a byte[] goes through any serializer a user configured (Kryo 4 cannot
        // serialize records). Spark's cleaner removes the broadcast once the plan that uses it is gone.
        Broadcast<byte[]> zip = sc.broadcast(model.zip());
        String sha256 = model.sha256();
        String version = model.version();
        return rows.mapPartitions(it -> new ScoredRows(it, new ScoringModel(zip.value(), sha256, version), pixels,
                maker));
    }

    /** id, [label], prediction, probability, [model_version]. */
    private record TableRow(boolean labelled, String version) implements RowMaker {
        @Override
        public Row make(Row in, int prediction, double[] probabilities) {
            List<Object> values = new ArrayList<>();
            values.add(in.getLong(0));
            if (labelled) {
                values.add(in.isNullAt(1) ? null : in.getInt(1));
            }
            values.add(prediction);
            values.add(probabilities);
            if (version != null) {
                values.add(version);
            }
            return RowFactory.create(values.toArray());
        }
    }

    private static org.apache.spark.sql.Column[] columns(boolean labelled, String pixels) {
        List<org.apache.spark.sql.Column> c = new ArrayList<>(List.of(functions.col(ParquetMnist.ID).cast("long")));
        if (labelled) {
            c.add(functions.col(ParquetMnist.LABEL).cast("int"));
        }
        c.add(functions.col(pixels));
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

    /**
     * A partition's rows scored a minibatch at a time as they are consumed, so a partition of any size needs the
     * memory of one minibatch; the network goes back to the executor's pool after each minibatch.
     */
    private static final class ScoredRows implements Iterator<Row> {
        private final Iterator<Row> rows;
        private final ScoringModel model;
        private final PixelReader pixels;
        private final RowMaker maker;
        private final List<Row> ready = new ArrayList<>(BATCH);
        private int next;

        ScoredRows(Iterator<Row> rows, ScoringModel model, PixelReader pixels, RowMaker maker) {
            this.rows = rows;
            this.model = model;
            this.pixels = pixels;
            this.maker = maker;
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
                score(chunk);
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

        private void score(List<Row> chunk) {
            byte[] batch = new byte[chunk.size() * MnistDataset.PIXELS];
            for (int i = 0; i < chunk.size(); i++) {
                byte[] image = pixels.pixels(chunk.get(i));
                if (image == null || image.length != MnistDataset.PIXELS) {
                    throw new DataException("an image has " + (image == null ? "no" : image.length)
                            + " pixels, expected " + MnistDataset.PIXELS);
                }
                System.arraycopy(image, 0, batch, i * MnistDataset.PIXELS, MnistDataset.PIXELS);
            }
            MultiLayerNetwork net = ExecutorNetworks.borrow(model);
            double[][] probabilities;
            try {
                probabilities = DigitPredictions.probabilities(net, new MnistDataset(batch, new byte[chunk.size()]));
            } finally {
                ExecutorNetworks.release(model, net);
            }
            for (int i = 0; i < chunk.size(); i++) {
                ready.add(maker.make(chunk.get(i), DigitPredictions.digit(probabilities[i]), probabilities[i]));
            }
        }
    }
}
