package io.bnsync.ml;

import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.config.TrainKey;
import io.bnsync.data.DataException;
import io.bnsync.data.MnistDataset;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.SeedNet;
import io.bnsync.score.ImageColumn;
import io.bnsync.train.BnRecalibrator;
import io.bnsync.train.IndexedImage;
import io.bnsync.train.NetworkSpec;
import io.bnsync.train.RoundsTrainer;
import io.bnsync.train.TrainingObserver;
import io.bnsync.train.TrainingSet;
import io.bnsync.train.WorkerCount;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.DefaultParamsReader;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A Spark ML Estimator: {@code fit} trains the seed net with this project's rounds engine (parameters averaged, the
 * workers' BatchNorm moments merged exactly) on a DataFrame with a features column (784-byte images or vectors of 784
 * pixel values in 0–255) and a label column (0–9), and returns a {@link DigitClassificationModel}. Every training
 * option of {@code train} is a Param; unset ones take {@code conf/train.conf}'s defaults.
 */
public final class DigitClassifier extends Estimator<DigitClassificationModel> implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> predictionCol;
    private final Param<String> probabilityCol;
    private final IntParam workers;
    private final IntParam averagingFrequency;
    private final IntParam epochs;
    private final IntParam batchSize;
    private final Param<String> bnSync;
    private final IntParam bnRecalibrate;
    private final DoubleParam learningRate;
    private final Param<String> optimizer;
    private final Param<String> partitioning;
    private final IntParam seed;

    public DigitClassifier() {
        this(Identifiable$.MODULE$.randomUID("digitClassifier"));
    }

    public DigitClassifier(String uid) {
        this.uid = uid;
        featuresCol = ColumnParams.features(this);
        labelCol = new Param<>(this, "labelCol", "label column (0-9)");
        predictionCol = ColumnParams.prediction(this);
        probabilityCol = ColumnParams.probability(this);
        workers = new IntParam(this, TrainingParams.name(TrainKey.WORKERS), TrainingParams.doc(TrainKey.WORKERS));
        averagingFrequency = new IntParam(this, TrainingParams.name(TrainKey.AVERAGING_FREQUENCY),
                TrainingParams.doc(TrainKey.AVERAGING_FREQUENCY));
        epochs = new IntParam(this, TrainingParams.name(TrainKey.EPOCHS), TrainingParams.doc(TrainKey.EPOCHS));
        batchSize = new IntParam(this, TrainingParams.name(TrainKey.BATCH_SIZE), TrainingParams.doc(TrainKey.BATCH_SIZE));
        bnSync = new Param<>(this, TrainingParams.name(TrainKey.BN_SYNC), TrainingParams.doc(TrainKey.BN_SYNC));
        bnRecalibrate = new IntParam(this, TrainingParams.name(TrainKey.BN_RECALIBRATE),
                TrainingParams.doc(TrainKey.BN_RECALIBRATE));
        learningRate = new DoubleParam(this, TrainingParams.name(TrainKey.LEARNING_RATE),
                TrainingParams.doc(TrainKey.LEARNING_RATE));
        optimizer = new Param<>(this, TrainingParams.name(TrainKey.OPTIMIZER), TrainingParams.doc(TrainKey.OPTIMIZER));
        partitioning = new Param<>(this, TrainingParams.name(TrainKey.PARTITIONING),
                TrainingParams.doc(TrainKey.PARTITIONING));
        seed = new IntParam(this, TrainingParams.name(TrainKey.SEED), TrainingParams.doc(TrainKey.SEED));
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
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

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public Param<String> probabilityCol() {
        return probabilityCol;
    }

    public IntParam workers() {
        return workers;
    }

    public IntParam averagingFrequency() {
        return averagingFrequency;
    }

    public IntParam epochs() {
        return epochs;
    }

    public IntParam batchSize() {
        return batchSize;
    }

    public Param<String> bnSync() {
        return bnSync;
    }

    public IntParam bnRecalibrate() {
        return bnRecalibrate;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public Param<String> partitioning() {
        return partitioning;
    }

    public IntParam seed() {
        return seed;
    }

    public DigitClassifier setFeaturesCol(String value) {
        set(featuresCol, value);
        return this;
    }

    public DigitClassifier setLabelCol(String value) {
        set(labelCol, value);
        return this;
    }

    public DigitClassifier setPredictionCol(String value) {
        set(predictionCol, value);
        return this;
    }

    public DigitClassifier setProbabilityCol(String value) {
        set(probabilityCol, value);
        return this;
    }

    public DigitClassifier setWorkers(int value) {
        set(workers, value);
        return this;
    }

    public DigitClassifier setAveragingFrequency(int value) {
        set(averagingFrequency, value);
        return this;
    }

    public DigitClassifier setEpochs(int value) {
        set(epochs, value);
        return this;
    }

    public DigitClassifier setBatchSize(int value) {
        set(batchSize, value);
        return this;
    }

    public DigitClassifier setBnSync(String value) {
        set(bnSync, value);
        return this;
    }

    public DigitClassifier setBnRecalibrate(int value) {
        set(bnRecalibrate, value);
        return this;
    }

    public DigitClassifier setLearningRate(double value) {
        set(learningRate, value);
        return this;
    }

    public DigitClassifier setOptimizer(String value) {
        set(optimizer, value);
        return this;
    }

    public DigitClassifier setPartitioning(String value) {
        set(partitioning, value);
        return this;
    }

    public DigitClassifier setSeed(int value) {
        set(seed, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        ImageColumn.of(schema, getOrDefault(featuresCol));
        String label = getOrDefault(labelCol);
        if (!List.of(schema.fieldNames()).contains(label) || !(schema.apply(label).dataType() instanceof NumericType)) {
            throw new IllegalArgumentException("label column '" + label + "' must exist and be numeric (0-9)");
        }
        return DigitClassificationModel.outputSchema(schema, getOrDefault(predictionCol), getOrDefault(probabilityCol));
    }

    @Override
    public DigitClassificationModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Map<String, String> overrides = new HashMap<>(TrainingParams.overrides(this));
        overrides.put("data", "(DataFrame " + uid + ")");
        overrides.put("progress-seconds", "100000");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        TrainConfig config = WorkerCount.resolve(TrainConfigLoader.load(null, overrides, Map.of()), sc.sc());
        TrainingSet data = trainingSet(dataset.toDF());
        try {
            MultiLayerNetwork net = SeedNet.create(config.seed(),
                    config.optimizer().updater(config.learningRate(), config.lrDecay()));
            new RoundsTrainer(sc, config, TrainingObserver.collectingRounds(new ArrayList<>())).train(net, data);
            if (config.bnRecalibrate() > 0) {
                BnRecalibrator.recalibrate(sc, net, data, config.bnRecalibrate(), config.batchSize(),
                        NetworkSpec.of(net, config.workers(), sc));
            }
            DigitClassificationModel model = new DigitClassificationModel(uid, zip(net));
            copyValues(model, ParamMap.empty());
            model.setParent(this);
            return model;
        } finally {
            data.rows().unpersist(false);
        }
    }

    /** The rows with ids in the DataFrame's order, and their labels on the driver (small) to plan shards. */
    private TrainingSet trainingSet(Dataset<Row> frame) {
        ImageColumn features = ImageColumn.of(frame.schema(), getOrDefault(featuresCol));
        int label = frame.schema().fieldIndex(getOrDefault(labelCol));
        JavaRDD<IndexedImage> rows = frame.javaRDD().zipWithIndex().map(t -> {
            Row row = t._1();
            double value = row.isNullAt(label) ? Double.NaN : ((Number) row.get(label)).doubleValue();
            if (!(value >= 0 && value < MnistDataset.CLASSES && value == Math.rint(value))) {
                throw new DataException("label " + value + " of row " + t._2() + " is not a digit 0-9");
            }
            return new IndexedImage(Math.toIntExact(t._2()), (byte) value, features.pixels(row));
        }).persist(StorageLevel.MEMORY_AND_DISK());
        List<Byte> labels = rows.map(IndexedImage::label).collect(); // partition order = id order
        byte[] byId = new byte[labels.size()];
        for (int i = 0; i < byId.length; i++) {
            byId[i] = labels.get(i);
        }
        return new TrainingSet(rows, byId);
    }

    private static byte[] zip(MultiLayerNetwork net) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ModelFiles.write(net, out);
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return out.toByteArray();
    }

    @Override
    public DigitClassifier copy(ParamMap extra) {
        return (DigitClassifier) defaultCopy(extra);
    }

    public static MLReader<DigitClassifier> read() {
        return new DefaultParamsReader<>();
    }

    public static DigitClassifier load(String path) {
        return read().load(path);
    }
}
