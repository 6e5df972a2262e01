package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.DigitPredictions;
import io.bnsync.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code score} on local[2]: the executors' predictions for Parquet (from prepare) and IDX inputs are those
 * {@code predict} and {@code evaluate} give for the same model — argmax bitwise equal, probabilities within 1e-6 —
 * from a model file and from a model store's current version; bad input leaves {@code --out} untouched.
 */
class ScoreCommandTest {
    private static final Path DATA = TrainCommandTest.DIGITS;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    static String model;
    static MnistDataset test;
    static double[][] expected;
    static double accuracy;

    @BeforeAll
    static void trainAndPrepare() {
        Path run = dir.resolve("run");
        assertEquals(ExitCode.OK, Main.run("train", "--data", DATA.toString(), "--limit-train", "1000",
                "--limit-test", "200", "--master", "local[2]", "--out", run.toString()));
        model = run.resolve("model.zip").toString();
        assertEquals(ExitCode.OK, Main.run("prepare", "--data", DATA.toString(), "--out",
                dir.resolve("parquet").toString(), "--master", "local[2]"));
        Configuration conf = new Configuration();
        test = MnistFiles.load(DATA.toString(), MnistFiles.Split.TEST, conf);
        MultiLayerNetwork net = ModelFiles.read(model, conf);
        expected = DigitPredictions.probabilities(net, test); // what predict computes, in one JVM
        accuracy = Evaluator.evaluate(net, test, 256).accuracy(); // what evaluate reports
    }

    @Test
    void parquetFromPrepareGetsThePredictionsOfPredictAndTheAccuracyOfEvaluate() throws IOException {
        Path out = dir.resolve("scored-parquet");
        assertEquals(ExitCode.OK, Main.run("score", "--model", model, "--data", dir.resolve("parquet").toString(),
                "--out", out.toString(), "--master", "local[2]"));
        assertMatchesPredict(read(out), false);
        JsonNode summary = JSON.readTree(out.resolve("_score.json").toFile());
        assertEquals(test.size(), summary.get("images").asInt());
        assertEquals(accuracy, summary.get("accuracy").asDouble(), 0.0, "the same argmax, so the same accuracy");
    }

    @Test
    void idxFolderScoredWithAStoresCurrentVersionNamesTheVersion() throws IOException {
        Path store = Files.createDirectories(dir.resolve("store/v000003"));
        Files.copy(Path.of(model), store.resolve("model.zip"));
        Files.writeString(store.resolveSibling("current"), "v000003\n");
        Path out = dir.resolve("scored-idx");
        assertEquals(ExitCode.OK, Main.run("score", "--model", store.getParent().toString(), "--data",
                DATA.toString(), "--out", out.toString(), "--master", "local[2]"));
        assertMatchesPredict(read(out), true);
    }

    @Test
    void aParquetTableWithFeatureVectorsAndDoubleLabelsScoresAlike() throws IOException {
        Path table = dir.resolve("vectors");
        SparkSession spark = session();
        try {
            List<Row> rows = new java.util.ArrayList<>();
            for (int i = 0; i < test.size(); i++) {
                double[] values = new double[784];
                byte[] image = test.image(i);
                for (int p = 0; p < values.length; p++) {
                    values[p] = image[p] & 0xff;
                }
                rows.add(org.apache.spark.sql.RowFactory.create((long) i, (double) test.label(i),
                        org.apache.spark.ml.linalg.Vectors.dense(values)));
            }
            spark.createDataFrame(rows, new org.apache.spark.sql.types.StructType()
                    .add("id", org.apache.spark.sql.types.DataTypes.LongType)
                    .add("label", org.apache.spark.sql.types.DataTypes.DoubleType)
                    .add("features", new org.apache.spark.ml.linalg.VectorUDT())).write().parquet(table.toString());
        } finally {
            spark.stop();
        }
        Path out = dir.resolve("scored-vectors");
        assertEquals(ExitCode.OK, Main.run("score", "--model", model, "--data", table.toString(),
                "--out", out.toString(), "--master", "local[2]"));
        assertMatchesPredict(read(out), false);
    }

    @Test
    void aNonEmptyOutputOrABadModelIsRefusedAndOutIsLeftAlone() throws IOException {
        Path out = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(out.resolve("keep.txt"), "precious");
        String err = TrainCommandTest.captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("score", "--model",
                model, "--data", DATA.toString(), "--out", out.toString(), "--master", "local[2]")));
        assertEquals("error: " + out + ": exists and is not empty; score writes only to an absent or empty folder",
                err.strip());
        assertEquals(List.of(out.resolve("keep.txt")), Files.list(out).toList());

        Path notAModel = Files.writeString(dir.resolve("not-a-model.zip"), "PK nothing");
        Path fresh = dir.resolve("fresh");
        assertEquals(ExitCode.MODEL, Main.run("score", "--model", notAModel.toString(), "--data", DATA.toString(),
                "--out", fresh.toString(), "--master", "local[2]"));
        assertFalse(Files.exists(fresh), "nothing written at --out");
    }

    private static void assertMatchesPredict(List<Row> rows, boolean versioned) {
        assertEquals(test.size(), rows.size());
        Map<Long, Row> byId = new TreeMap<>();
        rows.forEach(r -> byId.put(r.getLong(r.fieldIndex("id")), r));
        for (int i = 0; i < test.size(); i++) {
            Row r = byId.get((long) i);
            assertEquals(test.label(i), r.getInt(r.fieldIndex("label")), "label of id " + i);
            assertEquals(DigitPredictions.digit(expected[i]), r.getInt(r.fieldIndex("prediction")), "id " + i);
            List<Double> p = r.getList(r.fieldIndex("probability"));
            for (int c = 0; c < 10; c++) {
                assertEquals(expected[i][c], p.get(c), 1e-6, "probability " + c + " of id " + i);
            }
            if (versioned) {
                assertEquals("v000003", r.getString(r.fieldIndex("model_version")));
            }
        }
        assertEquals(versioned, List.of(rows.get(0).schema().fieldNames()).contains("model_version"));
    }

    private static SparkSession session() {
        return SparkSession.builder().master("local[2]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate();
    }

    private static List<Row> read(Path out) {
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        SparkSession spark = session();
        try {
            return spark.read().parquet(out.toString()).collectAsList();
        } finally {
            spark.stop();
        }
    }
}
