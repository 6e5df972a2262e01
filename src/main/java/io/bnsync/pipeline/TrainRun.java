package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.bnsync.config.Engine;
import io.bnsync.config.TrainConfig;
import io.bnsync.data.MnistDataset;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.NativeBackend;
import io.bnsync.model.SeedNet;
import io.bnsync.train.BnRecalibrator;
import io.bnsync.train.Dl4jSparkTrainer;
import io.bnsync.train.NetworkSpec;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.RoundsTrainer;
import io.bnsync.train.TrainingObserver;
import io.bnsync.train.TrainingSet;
import java.io.PrintStream;
import java.util.LinkedHashMap;
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
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final TrainConfig config;
    private final RunDirectory run;
    private final PrintStream console;
    private String applicationId;

    public TrainRun(TrainConfig config, RunDirectory run, PrintStream console) {
        this.config = config;
        this.run = run;
        this.console = console;
    }

    /** Trains, evaluates and writes the run; returns the metrics written to metrics.json. */
    public Map<String, Object> execute(JavaSparkContext sc, TrainingSet data, MnistDataset test) {
        long start = System.nanoTime();
        run.writeString("config.json", toJson(config.asMap()));
        MultiLayerNetwork net = SeedNet.create(config.seed(), config.optimizer().updater(config.learningRate(), config.lrDecay()));
        console.printf("training on %d images, testing on %d; %d worker(s), engine %s, bn-sync %s, natives linux-x86_64%s%n",
                data.size(), test.size(), config.workers(), config.engine(), config.bnSync(), NativeBackend.extension());
        long trainStart = System.nanoTime();
        TrainingObserver observer = both(new MetricsLog(run), new ConsoleProgress(console, config.progressSeconds(),
                config.epochs()));
        int rounds = trainWithEngine(sc, net, data, observer);
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
        Map<String, Object> metrics = metrics(report, data.size(), test.size(), rounds, trainSeconds,
                (System.nanoTime() - start) / 1e9);
        run.writeString("metrics.json", toJson(metrics));
        console.printf("test accuracy %.4f, test loss %.4f; run directory %s%n",
                report.accuracy(), report.loss(), run.uri());
        return metrics;
    }

    private int trainWithEngine(JavaSparkContext sc, MultiLayerNetwork net, TrainingSet data, TrainingObserver observer) {
        return switch (config.engine()) {
            case ROUNDS -> new RoundsTrainer(sc, config, observer).train(net, data);
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
        m.put("native_extension", NativeBackend.extension());
        m.put("spark_application_id", applicationId);
        return m;
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static TrainingObserver both(TrainingObserver... observers) {
        return new TrainingObserver() {
            @Override
            public void onRound(RoundRecord record, int roundInEpoch, int roundsInEpoch) {
                for (TrainingObserver o : observers) {
                    o.onRound(record, roundInEpoch, roundsInEpoch);
                }
            }

            @Override
            public void onEpoch(int epoch, double meanLoss, long samples, double seconds) {
                for (TrainingObserver o : observers) {
                    o.onEpoch(epoch, meanLoss, samples, seconds);
                }
            }
        };
    }

}
