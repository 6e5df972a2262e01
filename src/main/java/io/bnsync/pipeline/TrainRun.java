package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bnsync.config.Engine;
import io.bnsync.config.TrainConfig;
import io.bnsync.data.MnistDataset;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.NativeRuntime;
import io.bnsync.model.SeedNet;
import io.bnsync.report.RunPlots;
import io.bnsync.store.Checkpoints;
import io.bnsync.store.RunDirectory;
import io.bnsync.train.BnRecalibrator;
import io.bnsync.train.Dl4jSparkTrainer;
import io.bnsync.train.EpochRecord;
import io.bnsync.train.MemoryPeak;
import io.bnsync.train.NetworkSpec;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.RoundsTrainer;
import io.bnsync.train.TrainingDivergedException;
import io.bnsync.train.TrainingObserver;
import io.bnsync.train.TrainingProgress;
import io.bnsync.train.TrainingSet;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * One {@code train} run end to end, once data and output location are validated: train with the
 * configured engine, evaluate on the test set, and write model, config and metrics into the run
 * directory (each file atomically; the model last but one, metrics.json last, as the marker of a
 * complete run).
 */
public final class TrainRun {
    /** The final test evaluation ({@code EvaluationReport.toJson()}). */
    public static final String EVALUATION_FILE = "evaluation.json";
    /** The run's outcome: the final test accuracy and loss, timings, what it ran with. */
    public static final String METRICS_FILE = "metrics.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainConfig config;
    private final RunDirectory run;
    private final PrintStream console;
    private String applicationId;
    private String warmStartedFrom;

    public TrainRun(TrainConfig config, RunDirectory run, PrintStream console) {
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** Trains, evaluates and writes the run; returns the metrics written to metrics.json. */
    public Map<String, Object> execute(JavaSparkContext sc, TrainingSet data, MnistDataset test, StartingPoint from) {
        long start = System.nanoTime();
        if (!from.resumed()) {
            run.writeString("config.json", toJson(config.asMap()));
        }
        MultiLayerNetwork net = from.net();
        console.printf("training on %d images, testing on %d; %d worker(s), engine %s, bn-sync %s, natives linux-x86_64%s%s%n",
                data.size(), test.size(), config.workers(), config.engine(), config.bnSync(), NativeRuntime.extension(),
                from.resumed() ? "; resuming at round " + from.progress().round() : "");
        long trainStart = System.nanoTime();
        MetricsLog metricsLog = from.resumed() ? MetricsLog.resume(run, from.progress()) : new MetricsLog(run);
        EpochEvaluation observer = new EpochEvaluation(net, test, config.batchSize(), config.engine() == Engine.ROUNDS,
                metricsLog, new ConsoleProgress(console, config.progressSeconds(), config.epochs()),
                new Checkpoints(run, config.checkpointEvery()));
        int rounds;
        try {
            rounds = trainWithEngine(sc, net, data, observer, from);
        } catch (TrainingDivergedException e) {
            metricsLog.diverged(e.getMessage());
            throw e;
        }
        double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
        if (config.bnRecalibrate() > 0) {
            console.printf("recalibrating BatchNorm statistics over the first %d training images%n",
                    Math.min(config.bnRecalibrate(), data.size()));
            BnRecalibrator.recalibrate(sc, net, data, config.bnRecalibrate(), config.batchSize(),
                    NetworkSpec.of(net, config.workers(), sc));
        }
        EvaluationReport report = Evaluator.evaluate(net, test, config.batchSize());
        run.write("model.zip", out -> ModelFiles.write(net, out));
        applicationId = sc.sc().applicationId();
        warmStartedFrom = from.warmStartedFrom();
        run.writeString(EVALUATION_FILE, report.toJson() + "\n");
        writePlots(report);
        Map<String, Object> metrics = metrics(report, data.size(), test.size(), rounds, trainSeconds,
                (System.nanoTime() - start) / 1e9);
        MemoryPeak driver = MemoryPeak.sample();
        metrics.put("worker_peak_heap_bytes", observer.workerMemory.heapBytes());
        metrics.put("worker_peak_physical_bytes", observer.workerMemory.physicalBytes());
        metrics.put("driver_heap_bytes", driver.heapBytes());
        metrics.put("driver_physical_bytes", driver.physicalBytes());
        metrics.put("native", NativeRuntime.status(net)); // the driver's; executors pass the same self-check
        run.writeString(METRICS_FILE, toJson(metrics));
        console.printf("test accuracy %.4f, test loss %.4f; run directory %s%n",
                report.accuracy(), report.loss(), run.uri());
        return metrics;
    }

    /** Plots are a convenience: failing to draw them (e.g. no fonts on a headless host) fails nothing. */
    private void writePlots(EvaluationReport report) {
        try {
            RunPlots.write(run, run.readString(MetricsLog.FILE).lines().toList(), report);
        } catch (RuntimeException | Error e) {
            console.println("warning: plots not written: " + e);
        }
    }

    private int trainWithEngine(JavaSparkContext sc, MultiLayerNetwork net, TrainingSet data, TrainingObserver observer,
                                StartingPoint from) {
        return switch (config.engine()) {
            case ROUNDS -> new RoundsTrainer(sc, config, observer).train(net, data, from.progress());
            case DL4J_SPARK -> new Dl4jSparkTrainer(sc, config, observer).train(net, data);
        };
    }

    private Map<String, Object> metrics(EvaluationReport report, int trainSize, int testSize, int rounds,
                                        double trainSeconds, double wallSeconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("test_accuracy", report.accuracy());
        m.put("test_loss", report.loss());
        m.put("epochs", config.epochs());
        m.put("train_samples", trainSize);
        m.put("test_samples", testSize);
        m.put("workers", config.workers());
        // dl4j-spark averages mean and log10stdev like any parameter, whatever bn-sync says.
        m.put("bn_sync", config.engine() == Engine.DL4J_SPARK ? "naive" : config.asMap().get("bn-sync"));
        m.put("engine", config.asMap().get("engine"));
        m.put("rounds", rounds);
        m.put("bn_recalibrate_images", Math.min(config.bnRecalibrate(), trainSize));
        m.put("wall_seconds", wallSeconds);
        m.put("train_seconds", trainSeconds);
        m.put("samples_per_second", (double) trainSize * config.epochs() / trainSeconds);
        m.put("native_extension", NativeRuntime.extension());
        m.put("spark_application_id", applicationId);
        m.put("warm_started_from", warmStartedFrom);
        return m;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Fans events out to the run's observers, adding the test accuracy to each epoch record while the
     * network is live (the rounds engine updates it in place; dl4j-spark only at the end).
     */
    private static final class EpochEvaluation implements TrainingObserver {
        private final MultiLayerNetwork net;
        private final MnistDataset test;
        private final int batchSize;
        private final boolean live;
        private final List<TrainingObserver> observers;
        private MemoryPeak workerMemory = MemoryPeak.none();

        EpochEvaluation(MultiLayerNetwork net, MnistDataset test, int batchSize, boolean live,
                        TrainingObserver... observers) {
            this.net = net;
            this.test = test;
            this.batchSize = batchSize;
            this.live = live;
            this.observers = List.of(observers);
        }

        @Override
        public void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch) {
            workerMemory = workerMemory.max(record.workerMemory());
            observers.forEach(o -> o.onRound(record, roundInEpoch, roundsInEpoch));
        }

        @Override
        public void onEpoch(EpochRecord record) {
            EpochRecord withAccuracy = live ? record.withTestAccuracy(Evaluator.evaluate(net, test, batchSize).accuracy())
                    : record;
            observers.forEach(o -> o.onEpoch(withAccuracy));
        }

        @Override
        public void afterRound(MultiLayerNetwork master, TrainingProgress next) {
            observers.forEach(o -> o.afterRound(master, next));
        }
    }
}
