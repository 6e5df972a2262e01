package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import io.bnsync.data.ParquetMnist;
import io.bnsync.model.ModelException;
import io.bnsync.model.ModelFiles;
import io.bnsync.pipeline.ModelStore;
import io.bnsync.pipeline.RunDirectory;
import io.bnsync.score.BatchScorer;
import io.bnsync.score.ScoringModel;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code score}: predictions for a table of images, computed on the executors, written as Parquet. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score images on the executors with a model file or a model store's current version.",
            "Writes Parquet to OUT: id, label (when known), prediction, probability (10 values), model_version "
                    + "(when scored from a store); with labels, also the accuracy (printed and in OUT/_score.json)."})
final class ScoreCommand implements Callable<Integer> {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    @Option(names = "--model", required = true, paramLabel = "MODEL_ZIP|STORE",
            description = "model.zip (path or URI), or a model store: its current version is used.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR_OR_URI",
            description = "Parquet from prepare, a Parquet table with id and image (784 bytes) columns, or an IDX folder.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "URI", description = "Output folder (must not exist or be empty).")
    String out;

    @Option(names = "--split", defaultValue = "test", paramLabel = "train|test",
            description = "Which split of prepare's layout or an IDX folder (default test).")
    String split;

    @Option(names = "--master", description = "Spark master (default: from spark-submit, else local[*]).")
    String master;

    @Override
    public Integer call() {
        Split chosen = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Split.TRAIN;
            case "test" -> Split.TEST;
            default -> throw new ConfigException("invalid value '" + split + "' for --split: expected train or test");
        };
        SparkSession spark = SparkSessions.create("bnsync-score", master);
        try {
            Configuration conf = spark.sparkContext().hadoopConfiguration();
            // Inputs before output: bad data or a bad model fail with nothing written at --out.
            Dataset<Row> images = MnistSource.imageTable(spark, data, chosen);
            ScoringModel scoring = resolve(model, conf);
            if (!RunDirectory.existingOrNew(out, conf).list().isEmpty()) { // a file there is refused too
                throw new io.bnsync.pipeline.OutputException(out + ": exists and is not empty; score writes only to an"
                        + " absent or empty folder");
            }
            long start = System.nanoTime();
            Dataset<Row> scored = BatchScorer.score(spark, images, scoring).persist(StorageLevel.MEMORY_AND_DISK());
            try {
                // Safe: the check above proved the target absent or an empty folder.
                scored.write().mode(SaveMode.Overwrite).parquet(out);
                report(scored, scoring, (System.nanoTime() - start) / 1e9, conf);
            } finally {
                scored.unpersist();
            }
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }

    /** A model file, or the current version of the store {@code uri} names. */
    private static ScoringModel resolve(String uri, Configuration conf) {
        String file = uri;
        String version = null;
        if (isFolder(uri, conf)) {
            ModelStore store = new ModelStore(RunDirectory.existing(uri, conf));
            version = store.current().orElseThrow(() -> new ModelException(uri + ": model store has no current version"));
            file = store.modelUri(version);
        }
        byte[] zip = ModelFiles.readBytes(file, conf);
        ModelFiles.fromBytes(zip, file); // a bad model fails here, on the driver, with its name
        return ScoringModel.of(zip, version);
    }

    private static boolean isFolder(String uri, Configuration conf) {
        try {
            Path path = new Path(uri);
            return path.getFileSystem(conf).getFileStatus(path).isDirectory();
        } catch (java.io.IOException e) {
            return false; // missing: ModelFiles names it
        }
    }

    private void report(Dataset<Row> scored, ScoringModel scoring, double seconds, Configuration conf) {
        Map<String, Object> summary = new LinkedHashMap<>();
        long images = scored.count();
        summary.put("images", images);
        summary.put("model", model);
        summary.put("model_version", scoring.version());
        summary.put("model_sha256", scoring.sha256());
        Double accuracy = null;
        if (java.util.List.of(scored.columns()).contains(ParquetMnist.LABEL) && images > 0) {
            long right = scored.filter(functions.col(ParquetMnist.LABEL).equalTo(functions.col(BatchScorer.PREDICTION)))
                    .count();
            accuracy = (double) right / images;
        }
        summary.put("accuracy", accuracy);
        summary.put("seconds", seconds);
        try {
            RunDirectory.existingOrNew(out, conf).writeString("_score.json", JSON.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(summary) + "\n");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        System.out.printf(Locale.ROOT, "scored %d images with %s%s in %.1f s (%.0f images/s)%s; wrote %s%n", images,
                model, scoring.version() == null ? "" : " (" + scoring.version() + ")", seconds, images / seconds,
                accuracy == null ? "" : String.format(Locale.ROOT, "; accuracy %.4f", accuracy), out);
    }
}
