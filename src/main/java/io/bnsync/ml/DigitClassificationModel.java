package io.bnsync.ml;

import io.bnsync.score.BatchScorer;
import io.bnsync.score.ImageColumn;
import io.bnsync.score.ScoringModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsReader$;
import org.apache.spark.ml.util.DefaultParamsWriter$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Option;

/**
 * The fitted model of {@link DigitClassifier}: {@code transform} scores the features column on the executors (the
 * model broadcast once, one network per executor JVM) and appends {@code prediction} (double, Spark ML's convention)
 * and {@code probability} (a vector of 10). Saved as Spark ML metadata plus the DL4J model zip
 * ({@code PATH/data/model.zip}), so it loads back alone or inside a {@code PipelineModel}.
 */
public final class DigitClassificationModel extends Model<DigitClassificationModel> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final String ZIP = "data/model.zip";

    private final String uid;
    private final byte[] modelZip;
    private final Param<String> featuresCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;

    DigitClassificationModel(String uid, byte[] modelZip) {
        this.uid = uid;
        this.modelZip = modelZip;
        featuresCol = ColumnParams.features(this);
        predictionCol = ColumnParams.prediction(this);
        probabilityCol = ColumnParams.probability(this);
        setDefault(featuresCol, "features");
        setDefault(predictionCol, "prediction");
        setDefault(probabilityCol, "probability");
    }

    @Override
    public String uid() {
        return uid;
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public DigitClassificationModel setFeaturesCol(String value) {
        set(featuresCol, value);
        return this;
    }

    public DigitClassificationModel setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    public DigitClassificationModel setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    /** The DL4J model zip (what {@code evaluate} and {@code predict} take). */
    public byte[] modelZip() {
        return modelZip.clone();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ImageColumn.of(schema, getOrDefault(featuresCol));
        return outputSchema(schema, getOrDefault(predictionCol), getOrDefault(probabilityCol));
    }

    static StructType outputSchema(StructType schema, String prediction, String probability) {
        for (String name : List.of(prediction, probability)) {
            if (List.of(schema.fieldNames()).contains(name)) {
                throw new IllegalArgumentException("output column '" + name + "' already exists");
            }
        }
        return schema.add(prediction, DataTypes.DoubleType, false).add(probability, new VectorUDT(), false);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        ImageColumn features = ImageColumn.of(dataset.schema(), getOrDefault(featuresCol));
        JavaRDD<Row> scored = BatchScorer.append(dataset.toDF().javaRDD(), ScoringModel.of(modelZip, null), features,
                new AppendScores());
        return dataset.sparkSession().createDataFrame(scored, out);
    }

    /** The input row with the prediction (as a double) and the probability vector appended. */
    private static final class AppendScores implements BatchScorer.RowMaker {
        private static final long serialVersionUID = 1L;

        @Override
        public Row make(Row in, int prediction, double[] probabilities) {
            List<Object> values = new ArrayList<>(in.size() + 2);
            for (int i = 0; i < in.size(); i++) {
                values.add(in.get(i));
            }
            values.add((double) prediction);
            values.add(Vectors.dense(probabilities));
            return RowFactory.create(values.toArray());
        }
    }

    @Override
    public DigitClassificationModel copy(ParamMap extra) {
        DigitClassificationModel copy = new DigitClassificationModel(uid, modelZip);
        copyValues(copy, extra);
        return copy.setParent(parent());
    }

    @Override
    public MLWriter write() {
        return new Writer(this);
    }

    public static MLReader<DigitClassificationModel> read() {
        return new Reader();
    }

    public static DigitClassificationModel load(String path) {
        return read().load(path);
    }

    /** Spark ML's metadata (class, uid, params) and the model zip beside it. */
    private static final class Writer extends MLWriter {
        private final DigitClassificationModel model;

        Writer(DigitClassificationModel model) {
            this.model = model;
        }

        @Override
        public void saveImpl(String path) {
            DefaultParamsWriter$.MODULE$.saveMetadata(model, path, sparkSession().sparkContext(), Option.empty(),
                    Option.empty());
            Path zip = new Path(path, ZIP);
            try {
                FileSystem fs = zip.getFileSystem(sparkSession().sparkContext().hadoopConfiguration());
                try (OutputStream out = fs.create(zip, false)) {
                    out.write(model.modelZip);
                }
            } catch (IOException e) {
                throw new IllegalStateException(zip + ": cannot write: " + e.getMessage(), e);
            }
        }
    }

    private static final class Reader extends MLReader<DigitClassificationModel> {
        @Override
        public DigitClassificationModel load(String path) {
            DefaultParamsReader.Metadata metadata = DefaultParamsReader$.MODULE$.loadMetadata(path,
                    sparkSession().sparkContext(), DigitClassificationModel.class.getName());
            Path zip = new Path(path, ZIP);
            byte[] bytes;
            try (InputStream in = zip.getFileSystem(sparkSession().sparkContext().hadoopConfiguration()).open(zip)) {
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(zip + ": cannot read: " + e.getMessage(), e);
            }
            DigitClassificationModel model = new DigitClassificationModel(metadata.uid(), bytes);
            metadata.getAndSetParams(model, Option.empty());
            return model;
        }
    }
}
