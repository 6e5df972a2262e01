package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.config.PipelineConfig;
import io.bnsync.config.PipelineConfigLoader;
import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import io.bnsync.data.DataLocation;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import io.bnsync.pipeline.PipelineRun;
import io.bnsync.store.ModelStore;
import io.bnsync.store.RunDirectory;
import io.bnsync.store.StoreLock;
import io.bnsync.train.TrainingSet;
import io.bnsync.train.WorkerCount;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pipeline}: validate data, train a new version, gate it, publish. For cron and Airflow. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, modelTransformer = TrainOptions.ForPipeline.class,
        description = "Scheduled retraining: validate the data (checksums recorded), train a new model version "
                + "(warm-started from the current one), evaluate it and the current one on the fixed holdout, and "
                + "promote it only if accuracy >= current - tolerance. Exit 0 promoted, 10 not promoted; "
                + "see README for the others.")
final class PipelineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Pipeline config (default: conf/pipeline.conf, else bundled).")
    File configFile;
    @Option(names = "--store", paramLabel = "DIR_OR_URI", description = "Model store.") String store;
    @Option(names = StoreLocks.OPTION, paramLabel = "URI",
            description = "Folder for the store's lock (default: the store); required for a store on an object store.")
    String lock;
    @Option(names = "--holdout", paramLabel = "N") String holdout;
    @Option(names = "--tolerance") String tolerance;
    @Option(names = "--keep", paramLabel = "N") String keep;
    @Option(names = "--warm-start", paramLabel = "true|false") String warmStart;
    @Option(names = "--master", description = "Spark master (default: from spark-submit, else local[*]).") String master;
    @Option(names = "--score-data", paramLabel = "URI",
            description = "After a promotion, score these images (as score --data) with the new current version.")
    String scoreData;
    @Option(names = "--score-out", paramLabel = "URI",
            description = "Where --score-data's predictions go: URI/VERSION/ (Parquet), then URI/LATEST names it.")
    String scoreOut;

    @Override
    public Integer call() {
        PipelineConfig pipeline = PipelineConfigLoader.load(configFile, pipelineOverrides(), trainOverrides(),
                System.getenv());
        Map<String, String> train = new LinkedHashMap<>(pipeline.trainOverrides());
        train.put("limit-test", String.valueOf(pipeline.holdout()));
        TrainConfig given = TrainConfigLoader.load(null, train, System.getenv());
        if ((scoreData == null) != (scoreOut == null)) {
            throw new ConfigException("--score-data and --score-out go together: give both or neither");
        }
        SparkSession spark = SparkSessions.create("bnsync-pipeline", master, given.workers());
        try {
            TrainConfig config = WorkerCount.resolve(given, spark.sparkContext());
            RunDirectory root = RunDirectory.existingOrNew(pipeline.store(), spark.sparkContext().hadoopConfiguration());
            RunDirectory lockLocation = StoreLocks.location(root, lock);
            // Inputs before the lock: bad data or options fail with the store untouched (not even created).
            DataLocation location = DataInputs.locate(config, spark);
            TrainingSet data = DataInputs.trainingSet(config, location, spark);
            MnistDataset holdout = MnistSource.load(location, Split.TEST, spark).head(pipeline.holdout());
            Dataset<Row> toScore = scoreData == null ? null
                    : MnistSource.imageTable(spark, MnistSource.locate(scoreData, spark), Split.TEST);
            TaskSlots.require(spark.sparkContext(), config.workers());
            try (StoreLock held = StoreLock.acquire(lockLocation, System.out)) {
                ModelStore models = new ModelStore(root);
                PipelineRun.Outcome outcome = new PipelineRun(pipeline, config, System.out).execute(
                        JavaSparkContext.fromSparkContext(spark.sparkContext()), models, data, holdout,
                        config.data());
                if (outcome.promoted() && toScore != null) {
                    refreshScores(spark, models, outcome.version(), toScore);
                }
                return outcome.promoted() ? ExitCode.OK : ExitCode.NOT_PROMOTED;
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * The promoted version's predictions into {@code --score-out/VERSION/}, then {@code LATEST} switched to it (one
     * file replaced whole): readers of LATEST never see a half-written table, on any file system.
     */
    private void refreshScores(SparkSession spark, ModelStore models, String version, Dataset<Row> images) {
        var conf = spark.sparkContext().hadoopConfiguration();
        String out = new org.apache.hadoop.fs.Path(scoreOut, version).toString();
        ScoreJob.requireEmpty(out, conf);
        ScoreJob.run(spark, images, ScoreJob.load(models.modelUri(version), version, conf), models.root().uri(), out);
        RunDirectory.existingOrNew(scoreOut, conf).writeString("LATEST", version + "\n");
    }

    private Map<String, String> pipelineOverrides() {
        return new OptionValues().put("store", store).put("holdout", holdout).put("tolerance", tolerance)
                .put("keep", keep).put("warm-start", warmStart).map();
    }

    /** The training options given on the command line ({@link TrainOptions.ForPipeline}), by key. */
    private Map<String, String> trainOverrides() {
        return TrainOptions.given(spec);
    }
}
