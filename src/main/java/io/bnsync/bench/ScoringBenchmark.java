package io.bnsync.bench;

import io.bnsync.data.MnistDataset;
import io.bnsync.data.ParquetMnist;
import io.bnsync.model.DigitPredictions;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.SeedNet;
import io.bnsync.score.BatchScorer;
import io.bnsync.score.ScoringModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.learning.config.AdaDelta;

/**
 * Scoring throughput: single-JVM inference ({@code predict}'s path) against {@code score}'s distributed path on
 * {@code local[cores]} — inference alone (the table cached in memory) and with Parquet read and written around it.
 * Each is timed after a warm-up pass; the seed net's speed does not depend on its weights.
 */
public final class ScoringBenchmark {
    private ScoringBenchmark() {
    }

    public static Map<String, Object> run(MnistDataset images, int cores) throws IOException {
        MultiLayerNetwork net = SeedNet.create(1, new AdaDelta());
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ModelFiles.write(net, zip);
        ScoringModel model = ScoringModel.of(zip.toByteArray(), null);
        net = ModelFiles.fromBytes(zip.toByteArray(), "bench model");
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("images", images.size());
        m.put("cores", cores);
        DigitPredictions.probabilities(net, images.head(Math.min(2048, images.size())));
        long start = System.nanoTime();
        DigitPredictions.probabilities(net, images);
        m.put("single_jvm_images_per_second", images.size() / seconds(start));
        Path tmp = Files.createTempDirectory("bnsync-score-bench");
        SparkSession spark = SparkSession.builder().appName("bnsync-score-bench").master("local[" + cores + "]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            Dataset<Row> table = ParquetMnist.toTable(spark, images).repartition(cores).cache();
            table.count();
            BatchScorer.score(spark, table, model).count(); // warm-up: JIT, one network per task thread
            start = System.nanoTime();
            BatchScorer.score(spark, table, model).count();
            m.put("score_inference_images_per_second", images.size() / seconds(start));
            String in = tmp.resolve("in").toString();
            table.write().parquet(in);
            start = System.nanoTime();
            BatchScorer.score(spark, spark.read().parquet(in), model).write().mode(SaveMode.ErrorIfExists)
                    .parquet(tmp.resolve("out").toString());
            m.put("score_parquet_to_parquet_images_per_second", images.size() / seconds(start));
        } finally {
            spark.stop();
            deleteTree(tmp);
        }
        return m;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
