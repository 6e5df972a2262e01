package io.bnsync.pipeline;

import io.bnsync.config.PipelineConfig;
import io.bnsync.config.TrainConfig;
import io.bnsync.data.DataChecksums;
import io.bnsync.data.MnistDataset;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import io.bnsync.store.Checkpoints;
import io.bnsync.store.ModelStore;
import io.bnsync.store.RunDirectory;
import io.bnsync.train.TrainingSet;
import java.io.PrintStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * One scheduled retraining: lock the store, record the data's checksums, train a new version
 * (warm-started from the current model), evaluate new and current model on the same fixed
 * holdout, publish the version (seal its folder with a manifest), and switch {@code current} only if the
 * gate allows. An interrupted run leaves the version's folder unsealed; the next run resumes it from its checkpoint
 * when the data is unchanged, else starts it afresh.
 */
public final class PipelineRun {
    private final PipelineConfig pipeline;
    private final TrainConfig train;
    private final PrintStream console;

    public PipelineRun(PipelineConfig pipeline, TrainConfig train, PrintStream console) {
        this.pipeline = pipeline;
        this.train = train;
        this.console = console;
    }

    /** The outcome a scheduler acts on. */
    public record Outcome(String version, boolean promoted, String reason) {
    }

    public Outcome execute(JavaSparkContext sc, ModelStore store, TrainingSet data, MnistDataset holdout,
                           String dataUri) {
        Configuration conf = sc.hadoopConfiguration();
        Instant started = Instant.now();
        Map<String, String> checksums = DataChecksums.of(dataUri, conf);
        String version = store.nextVersion();
        RunDirectory stage = store.root().child(version); // unsealed: an interrupted run's, if it exists
        StartingPoint from = startingPoint(store, stage, checksums, conf);
        store.upgradeLayout(); // the first write: a run refused on bad input leaves an old store as it was
        if (!from.resumed()) {
            stage = store.staging(version);
            stage.writeString("data.json", ModelStore.toJson(Map.of("uri", dataUri, "sha256", checksums)) + "\n");
        }
        Map<String, Object> metrics;
        try {
            metrics = new TrainRun(train, stage, console).execute(sc, data, holdout, from);
        } catch (RuntimeException e) {
            console.println("training failed; nothing published, the unsealed version kept for resume: " + stage.uri());
            throw e;
        }
        double newAccuracy = ((Number) metrics.get("test_accuracy")).doubleValue();
        double newLoss = ((Number) metrics.get("test_loss")).doubleValue();
        double currentAccuracy = store.current().map(v -> holdoutAccuracy(store, v, holdout, conf)).orElse(Double.NaN);
        PromotionGate.Decision decision = new PromotionGate(pipeline.tolerance()).decide(newAccuracy, newLoss,
                currentAccuracy);
        stage.writeString("provenance.json", provenance(version, started, from, metrics, currentAccuracy, decision));
        store.publish(version);
        if (decision.promote()) {
            store.setCurrent(version, "promote", decision.reason());
        }
        store.prune(pipeline.keep()).forEach(v -> console.println("deleted old version " + v));
        console.printf("%s %s: %s%n", version, decision.promote() ? "promoted" : "NOT promoted", decision.reason());
        return new Outcome(version, decision.promote(), decision.reason());
    }

    private StartingPoint startingPoint(ModelStore store, RunDirectory stage, Map<String, String> checksums,
                                        Configuration conf) {
        if (Checkpoints.exist(stage) && stage.exists("data.json")
                && stage.readString("data.json").contains(ModelStore.toJson(checksums))) {
            console.println("resuming the interrupted training in " + stage.uri());
            return StartingPoint.resume(Checkpoints.latest(stage));
        }
        if (pipeline.warmStart() && store.current().isPresent()) {
            String current = store.current().get();
            console.println("warm start from " + current);
            return StartingPoint.warm(train, store.modelUri(current), conf);
        }
        return StartingPoint.fresh(train);
    }

    /** The current model re-evaluated now, so both sides of the gate see the same holdout. */
    private double holdoutAccuracy(ModelStore store, String version, MnistDataset holdout, Configuration conf) {
        EvaluationReport report = Evaluator.evaluate(ModelFiles.read(store.modelUri(version), conf), holdout,
                train.batchSize());
        return report.accuracy();
    }

    private String provenance(String version, Instant started, StartingPoint from, Map<String, Object> metrics,
                              double currentAccuracy, PromotionGate.Decision decision) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("version", version);
        p.put("started", started.toString());
        p.put("finished", Instant.now().toString());
        p.put("code_version", BuildInfo.version());
        p.put("spark_application_id", metrics.get("spark_application_id"));
        p.put("warm_started_from", from.warmStartedFrom());
        p.put("resumed", from.resumed());
        p.put("holdout_accuracy", metrics.get("test_accuracy"));
        p.put("current_holdout_accuracy", Double.isNaN(currentAccuracy) ? null : currentAccuracy);
        p.put("promoted", decision.promote());
        p.put("gate", decision.reason());
        return ModelStore.toJson(p) + "\n";
    }
}
