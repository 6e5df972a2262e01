package io.bnsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.config.BnSync;
import io.bnsync.config.ConfigException;
import io.bnsync.config.Engine;
import io.bnsync.config.Partitioning;
import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainKey;
import io.bnsync.data.DataException;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.EvaluationReports;
import io.bnsync.pipeline.MetricsLog;
import io.bnsync.pipeline.RecordedConfig;
import io.bnsync.pipeline.TrainRun;
import io.bnsync.report.RunPlots;
import io.bnsync.store.OutputException;
import io.bnsync.store.RunDirectory;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code plot}: redraws the PNG plots of a finished run from its files (nothing is evaluated), or
 * draws one chart comparing the BatchNorm drift of several runs.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = {"Draw the plots of a finished run, or compare the BatchNorm drift of runs.", "",
            "--run RUN_DIR (re)writes RUN_DIR/loss.png, accuracy.png, bn-drift.png and, when RUN_DIR has "
                    + "evaluation.json, confusion.png.",
            "--compare LABEL=RUN_DIR... --out FILE.png draws the per-round BN drift of each run into one chart.",
            "--accuracy-vs-workers RUN_DIR... --out FILE.png draws the runs' final test accuracy against their "
                    + "number of workers, one line per averaging frequency (and shards/BatchNorm setting)."})
final class PlotCommand implements Callable<Integer> {
    private static final String METRICS_JSONL = MetricsLog.FILE;
    private static final String EVALUATION_JSON = TrainRun.EVALUATION_FILE;
    private static final String METRICS_JSON = TrainRun.METRICS_FILE;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--run", paramLabel = "RUN_DIR", description = "Run directory written by train (path or URI).")
    String run;

    @Option(names = "--compare", arity = "1..*", paramLabel = "LABEL=RUN_DIR",
            description = "Runs to compare, e.g. naive=runs/a exact=runs/b (repeatable).")
    List<String> compare;

    @Option(names = "--accuracy-vs-workers", arity = "1..*", paramLabel = "RUN_DIR",
            description = "Finished runs of train whose final test accuracy to draw against their workers.")
    List<String> accuracyVsWorkers;

    @Option(names = "--out", paramLabel = "FILE.png",
            description = "Where --compare or --accuracy-vs-workers writes its chart (path or URI).")
    String out;

    @Override
    public Integer call() {
        boolean comparing = compare != null && !compare.isEmpty();
        boolean scaling = accuracyVsWorkers != null && !accuracyVsWorkers.isEmpty();
        if ((run != null ? 1 : 0) + (comparing ? 1 : 0) + (scaling ? 1 : 0) != 1) {
            throw new ConfigException("plot needs one of --run RUN_DIR, --compare LABEL=RUN_DIR ... --out FILE.png "
                    + "or --accuracy-vs-workers RUN_DIR ... --out FILE.png");
        }
        Configuration conf = SparkSessions.hadoopConfiguration();
        if (comparing) {
            writeComparison(conf);
        } else if (scaling) {
            writeAccuracyVsWorkers(conf);
        } else {
            writeRunPlots(conf);
        }
        return ExitCode.OK;
    }

    private void writeRunPlots(Configuration conf) {
        if (out != null) {
            throw new ConfigException("--out goes with --compare; --run writes into RUN_DIR");
        }
        RunDirectory files = RunDirectory.existing(run, conf);
        List<String> metrics = files.require(METRICS_JSONL).lines().toList();
        EvaluationReport report = files.exists(EVALUATION_JSON) ? evaluation(files) : null;
        List<String> written = RunPlots.write(files, metrics, report);
        if (written.isEmpty()) {
            System.out.println("nothing to plot in " + run + ": no round or epoch lines and no "
                    + EVALUATION_JSON);
            return;
        }
        System.out.println("wrote " + String.join(", ", written) + " into " + run
                + (report == null ? " (no " + EVALUATION_JSON + ": no confusion matrix)" : ""));
    }

    private void writeComparison(Configuration conf) {
        if (out == null) {
            throw new ConfigException("--compare needs --out FILE.png");
        }
        Map<String, List<String>> metricsByLabel = new LinkedHashMap<>();
        labelledRuns().forEach((label, dir) ->
                metricsByLabel.put(label, RunDirectory.existing(dir, conf).require(METRICS_JSONL).lines().toList()));
        writePng(RunPlots.driftComparison(metricsByLabel), conf);
    }

    private void writeAccuracyVsWorkers(Configuration conf) {
        if (out == null) {
            throw new ConfigException("--accuracy-vs-workers needs --out FILE.png");
        }
        Map<String, Map<Integer, Double>> accuracyBySeries = new TreeMap<>();
        for (String dir : accuracyVsWorkers) {
            RunDirectory files = RunDirectory.existing(dir, conf);
            TrainConfig config = RecordedConfig.read(files, null);
            Map<Integer, Double> series = accuracyBySeries.computeIfAbsent(seriesName(config), s -> new TreeMap<>());
            if (series.put(config.workers(), finalAccuracy(files)) != null) {
                throw new ConfigException("--accuracy-vs-workers: two runs with " + config.workers()
                        + " workers in the series \"" + seriesName(config) + "\" (" + dir + ")");
            }
        }
        writePng(RunPlots.accuracyVsWorkers(accuracyBySeries), conf);
    }

    /**
     * "K = 16", plus whatever else sets the run apart from the default iid shards, exact merge, PreciseBN and the
     * optimizer's own learning rate.
     */
    private static String seriesName(TrainConfig config) {
        Map<String, Object> recorded = config.asMap(); // the settings as config.json spells them
        StringBuilder name = new StringBuilder("K = " + config.averagingFrequency());
        if (config.engine() != Engine.ROUNDS) {
            name.append(", ").append(recorded.get(TrainKey.ENGINE.key()));
        }
        if (config.partitioning() != Partitioning.IID) {
            name.append(", ").append(recorded.get(TrainKey.PARTITIONING.key())).append(" shards");
        }
        if (config.bnSync() != BnSync.EXACT) {
            name.append(", ").append(recorded.get(TrainKey.BN_SYNC.key())).append(" BN");
        }
        if (config.bnRecalibrate() == 0) {
            name.append(", no PreciseBN");
        }
        if (config.learningRate() != config.optimizer().defaultLearningRate()) {
            name.append(", learning rate ").append(recorded.get(TrainKey.LEARNING_RATE.key()));
        }
        return name.toString();
    }

    private static double finalAccuracy(RunDirectory files) {
        if (!files.exists(METRICS_JSON)) {
            throw new OutputException(files.uri() + ": no " + METRICS_JSON + " (the run has not finished)");
        }
        try {
            JsonNode accuracy = JSON.readTree(files.readString(METRICS_JSON)).get("test_accuracy");
            if (accuracy == null || !accuracy.isNumber()) {
                throw new DataException(files.uri() + "/" + METRICS_JSON + ": no test_accuracy");
            }
            return accuracy.asDouble();
        } catch (IOException e) {
            throw new DataException(files.uri() + "/" + METRICS_JSON + ": unreadable: " + e.getMessage());
        }
    }

    private void writePng(byte[] png, Configuration conf) {
        Path target = qualified(out, conf);
        // The parent folder as a RunDirectory: atomic write on any file system, created if missing.
        RunDirectory.create(target.getParent().toString(), true, conf).write(target.getName(), o -> o.write(png));
        System.out.println("wrote " + target);
    }

    /** Absolute, so that a bare file name has a parent folder (the working directory). */
    private static Path qualified(String uri, Configuration conf) {
        try {
            Path path = new Path(uri);
            return path.getFileSystem(conf).makeQualified(path);
        } catch (IOException | IllegalArgumentException e) {
            throw new OutputException(uri + ": unusable output file: " + e.getMessage());
        }
    }

    /** LABEL=RUN_DIR pairs in the order given; labels must be unique as they name the legend entries. */
    private Map<String, String> labelledRuns() {
        Map<String, String> runs = new LinkedHashMap<>();
        for (String pair : compare) {
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1) {
                throw new ConfigException("--compare: expected LABEL=RUN_DIR, got \"" + pair + "\"");
            }
            if (runs.put(pair.substring(0, eq), pair.substring(eq + 1)) != null) {
                throw new ConfigException("--compare: label \"" + pair.substring(0, eq) + "\" given twice");
            }
        }
        return runs;
    }

    private static EvaluationReport evaluation(RunDirectory files) {
        try {
            return EvaluationReports.fromJson(files.readString(EVALUATION_JSON));
        } catch (IllegalArgumentException e) {
            throw new DataException(files.uri() + "/" + EVALUATION_JSON + ": " + e.getMessage());
        }
    }
}
