package io.bnsync.cli;

import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.data.DataLocation;
import io.bnsync.data.MnistSource;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.config.ConfigException;
import io.bnsync.pipeline.Checkpoints;
import io.bnsync.pipeline.RecordedConfig;
import io.bnsync.pipeline.RunDirectory;
import io.bnsync.pipeline.StartingPoint;
import io.bnsync.pipeline.TrainRun;
import io.bnsync.train.TrainingSet;
import io.bnsync.train.WorkerCount;
import java.io.File;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code train}: trains the seed net and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train the seed BatchNorm net on MNIST and write RUN_DIR (model.zip, config.json, "
                + "metrics.json, metrics.jsonl). Defaults come from conf/train.conf.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/train.conf, else the bundled copy).")
    File configFile;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory, local path or Hadoop URI (default: runs/train-<time>).")
    String out;

    @Option(names = "--overwrite", description = "Replace the files of a non-empty RUN_DIR.")
    boolean overwrite;

    @Option(names = "--master", description = "Spark master (default: from spark-submit, else local[*]).")
    String master;

    @Option(names = "--data", paramLabel = "DIR_OR_URI", description = "IDX or Parquet folder (default: $MNIST_DIR, else data/mnist, downloaded if missing).")
    String data;
    @Option(names = "--epochs") String epochs;
    @Option(names = "--batch-size") String batchSize;
    @Option(names = "--seed") String seed;
    @Option(names = "--limit-train", paramLabel = "N", description = "Train on the first N images in file order (0 = all).") String limitTrain;
    @Option(names = "--limit-test", paramLabel = "N", description = "Test on the first N images in file order (0 = all).") String limitTest;
    @Option(names = "--optimizer", description = "adadelta (default) or adam.") String optimizer;
    @Option(names = "--learning-rate", description = "Initial learning rate, or auto.") String learningRate;
    @Option(names = "--lr-decay", description = "Learning-rate factor per epoch (default 0.7).") String lrDecay;
    @Option(names = "--workers", paramLabel = "W", description = "Parallel workers (Spark tasks), each on its own shard.") String workers;
    @Option(names = "--averaging-frequency", paramLabel = "K", description = "Minibatches per worker between averagings.") String averagingFrequency;
    @Option(names = "--bn-sync", description = "exact (default) or naive.") String bnSync;
    @Option(names = "--engine", description = "rounds (default) or dl4j-spark.") String engine;
    @Option(names = "--partitioning", description = "iid (default), by-label, or skewed (shard sizes proportional to 1..W).") String partitioning;
    @Option(names = "--bn-recalibrate", paramLabel = "N", description = "PreciseBN over the first N training images after training (0 = off).") String bnRecalibrate;
    @Option(names = "--progress-seconds") String progressSeconds;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Checkpoint every N rounds into RUN_DIR/checkpoints (0 = none).") String checkpointEvery;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue an interrupted run from its latest checkpoint, with its config.json.")
    String resume;

    @Option(names = "--warm-start", paramLabel = "MODEL", description = "Start from this model's weights and BatchNorm statistics (same architecture).")
    String warmStart;

    @Override
    public Integer call() {
        if (resume != null) {
            return resumeRun();
        }
        TrainConfig config = TrainConfigLoader.load(configFile, overrides(), System.getenv());
        String runUri = out != null ? out
                : "runs/train-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        SparkSession spark = SparkSessions.create("bnsync-train", master, config.workers());
        try {
            config = WorkerCount.resolve(config, spark.sparkContext());
            var hadoop = spark.sparkContext().hadoopConfiguration();
            RunDirectory run = RunDirectory.create(runUri, overwrite, hadoop);
            StartingPoint from = warmStart == null ? StartingPoint.fresh(config)
                    : StartingPoint.warm(config, warmStart, hadoop);
            execute(spark, config, run, from);
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }

    /** Continues RUN_DIR with the configuration it recorded; only Spark-side options may be given. */
    private Integer resumeRun() {
        Map<String, String> given = overrides();
        given.remove("progress-seconds");
        if (!given.isEmpty() || out != null || warmStart != null || configFile != null) {
            throw new ConfigException("--resume takes its configuration from RUN_DIR/config.json; drop "
                    + (given.isEmpty() ? "--out/--warm-start/--config" : "--" + given.keySet().iterator().next()));
        }
        // The recorded config first: its worker count sizes the session's executors.
        TrainConfig config = RecordedConfig.read(RunDirectory.existing(resume, SparkSessions.hadoopConfiguration()),
                progressSeconds);
        SparkSession spark = SparkSessions.create("bnsync-train", master, config.workers());
        try {
            RunDirectory run = RunDirectory.existing(resume, spark.sparkContext().hadoopConfiguration());
            execute(spark, config, run, StartingPoint.resume(Checkpoints.latest(run)));
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }

    private static void execute(SparkSession spark, TrainConfig config, RunDirectory run, StartingPoint from) {
        DataLocation data = DataInputs.locate(config, spark);
        TrainingSet train = DataInputs.trainingSet(config, data, spark);
        MnistDataset test = MnistSource.load(data, Split.TEST, spark).head(config.limitTest());
        TaskSlots.require(spark.sparkContext(), config.workers());
        new TrainRun(config, run, System.out).execute(JavaSparkContext.fromSparkContext(spark.sparkContext()),
                train, test, from);
    }

    private Map<String, String> overrides() {
        return new OptionValues().put("data", data).put("epochs", epochs).put("batch-size", batchSize)
                .put("seed", seed).put("limit-train", limitTrain).put("limit-test", limitTest)
                .put("optimizer", optimizer).put("learning-rate", learningRate).put("lr-decay", lrDecay)
                .put("workers", workers).put("averaging-frequency", averagingFrequency).put("bn-sync", bnSync)
                .put("engine", engine).put("partitioning", partitioning).put("bn-recalibrate", bnRecalibrate)
                .put("progress-seconds", progressSeconds).put("checkpoint-every", checkpointEvery).map();
    }
}
