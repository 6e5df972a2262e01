package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.config.TrainKey;
import io.bnsync.data.DataLocation;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import io.bnsync.pipeline.RecordedConfig;
import io.bnsync.pipeline.StartingPoint;
import io.bnsync.pipeline.TrainRun;
import io.bnsync.store.Checkpoints;
import io.bnsync.store.RunDirectory;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains the seed net and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true, modelTransformer = TrainOptions.All.class,
        description = "Train the seed BatchNorm net on MNIST and write RUN_DIR (model.zip, config.json, "
                + "metrics.json, metrics.jsonl). Defaults come from conf/train.conf.")
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: conf/train.conf, else the bundled copy).")
    File configFile;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory, local path or Hadoop URI (default: runs/train-<time>).")
    String out;

    @Option(names = "--overwrite", description = "Replace the files of a non-empty RUN_DIR.")
    boolean overwrite;

    @Option(names = "--master", description = "Spark master (default: from spark-submit, else local[*]).")
    String master;

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
        String progressSeconds = given.remove(TrainKey.PROGRESS_SECONDS.key());
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

    /** The training options given on the command line ({@link TrainOptions}), by key. */
    private Map<String, String> overrides() {
        return TrainOptions.given(spec);
    }
}
