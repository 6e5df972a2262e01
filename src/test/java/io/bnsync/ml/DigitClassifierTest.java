package io.bnsync.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistDataset;
import io.bnsync.data.ParquetMnist;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.model.DigitPredictions;
import io.bnsync.model.ModelFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark ML API on local[2]: a Pipeline with the Estimator fits on a DataFrame of synthetic digits (W = 2), its
 * model transforms with Spark ML's column conventions and MulticlassClassificationEvaluator, saves, loads and
 * transforms again to bitwise the same probabilities; byte and vector features give the same predictions, which are
 * those of predict for the model's zip.
 */
class DigitClassifierTest {
    @TempDir
    static Path dir;
    private static SparkSession spark;
    private static Dataset<Row> train;
    private static Dataset<Row> test;
    private static MnistDataset testImages;

    @BeforeAll
    static void data() {
        spark = SparkSession.builder().appName("ml-test").master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
        train = ParquetMnist.toTable(spark, SyntheticMnist.digits(2000, 1));
        testImages = SyntheticMnist.digits(300, 2);
        test = ParquetMnist.toTable(spark, testImages);
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    @Test
    void aPipelineFitsTransformsSavesLoadsAndTransformsAlike() throws Exception {
        DigitClassifier classifier = new DigitClassifier().setFeaturesCol("image").setWorkers(2).setEpochs(1);
        PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {classifier}).fit(train);

        Dataset<Row> scored = fitted.transform(test);
        assertEquals(List.of("id", "label", "image", "prediction", "probability"), List.of(scored.columns()));
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(
                scored.withColumn("label", functions.col("label").cast("double")));
        assertTrue(accuracy >= 0.9, "accuracy " + accuracy);

        String path = dir.resolve("pipeline-model").toString();
        fitted.write().overwrite().save(path);
        Dataset<Row> again = PipelineModel.load(path).transform(test);
        assertArrayEquals(probabilities(scored), probabilities(again), "loaded model, same probabilities");

        DigitClassificationModel model = (DigitClassificationModel) fitted.stages()[0];
        MultiLayerNetwork net = ModelFiles.fromBytes(model.modelZip(), "fitted");
        double[][] expected = DigitPredictions.probabilities(net, testImages);
        double[][] actual = probabilities(scored);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(DigitPredictions.digit(expected[i]), DigitPredictions.digit(actual[i]), "image " + i);
            assertArrayEquals(expected[i], actual[i], 1e-6, "image " + i);
        }

        Dataset<Row> vectors = asVectors(test);
        double[][] fromVectors = probabilities(model.copy(new org.apache.spark.ml.param.ParamMap())
                .setFeaturesCol("features").transform(vectors));
        for (int i = 0; i < expected.length; i++) {
            assertEquals(DigitPredictions.digit(actual[i]), DigitPredictions.digit(fromVectors[i]), "image " + i);
        }
    }

    @Test
    void aWrongFeaturesColumnIsRefusedBeforeAnyTraining() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DigitClassifier().setFeaturesCol("label").fit(train));
        assertTrue(e.getMessage().contains("features column 'label' is int"), e.getMessage());
    }

    /** The probability vectors in id order. */
    private static double[][] probabilities(Dataset<Row> scored) {
        List<Row> rows = scored.orderBy("id").select("probability").collectAsList();
        double[][] p = new double[rows.size()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = ((Vector) rows.get(i).get(0)).toArray();
        }
        return p;
    }

    private static Dataset<Row> asVectors(Dataset<Row> table) {
        List<Row> rows = new ArrayList<>();
        for (Row r : table.collectAsList()) {
            byte[] image = (byte[]) r.get(2);
            double[] values = new double[image.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = image[i] & 0xff;
            }
            rows.add(RowFactory.create(r.getLong(0), Vectors.dense(values)));
        }
        StructType schema = new StructType().add("id", DataTypes.LongType).add("features", new VectorUDT());
        return spark.createDataFrame(rows, schema);
    }
}
