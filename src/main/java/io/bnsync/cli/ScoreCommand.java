package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import io.bnsync.score.ScoringModel;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code score}: predictions for a table of images, computed on the executors, written as Parquet. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score images on the executors with a model file or a model store's current version.",
            "Writes Parquet to OUT: id, label (when known), prediction, probability (10 values), model_version "
                    + "(when scored from a store); with labels, also the accuracy (printed and in OUT/_score.json)."})
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "MODEL_ZIP|STORE",
            description = "model.zip (path or URI), or a model store: its current version is used.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR_OR_URI",
            description = "Parquet from prepare, a Parquet table with id and image (784 bytes) or features (vector of 784"
                    + " pixel values 0-255) columns, label optional, or an IDX folder.")
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
            Dataset<Row> images = MnistSource.imageTable(spark, MnistSource.locate(data, spark), chosen);
            ScoringModel scoring = ScoreJob.resolve(model, conf);
            ScoreJob.requireEmpty(out, conf);
            ScoreJob.run(spark, images, scoring, model, out);
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }
}
