package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.store.RunDirectory;
import io.bnsync.train.EpochRecord;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.TrainingObserver;
import io.bnsync.train.TrainingProgress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@code metrics.jsonl}: one JSON line per round ({@code "type":"round"}) and per epoch
 * ({@code "type":"epoch"}). The whole file is rewritten atomically after each line, so it is
 * always complete and parseable, even after a crash.
 */
public final class MetricsLog implements TrainingObserver {
    public static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private final List<String> lines = new ArrayList<>();

    public MetricsLog(RunDirectory run) {
        this.run = run;
    }

    /** Continues the file of an interrupted run: its lines up to the checkpoint are kept. */
    public static MetricsLog resume(RunDirectory run, TrainingProgress progress) {
        MetricsLog log = new MetricsLog(run);
        if (run.exists(FILE)) {
            for (String line : run.readString(FILE).split("\n")) {
                if (!line.isBlank() && keep(line, progress)) {
                    log.lines.add(line);
                }
            }
        }
        return log;
    }

    /** Rounds and epochs after the checkpoint will be run again, so their lines go. */
    private static boolean keep(String line, TrainingProgress progress) {
        try {
            var node = JSON.readTree(line);
            return switch (node.path("type").asText()) {
                case "round" -> node.path("round").asInt() < progress.round();
                case "epoch" -> node.path("epoch").asInt() < progress.epoch();
                default -> false;
            };
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return false;
        }
    }

    /** Records that training stopped on a diverged round. */
    public void diverged(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "diverged");
        m.put("message", message);
        append(m);
    }

    @Override
    public void onRound(RoundRecord r, int roundInEpoch, int roundsInEpoch) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "round");
        m.put("round", r.round());
        m.put("epoch", r.epoch());
        m.put("loss", r.meanLoss());
        m.put("samples", r.samples());
        m.put("workers_active", r.workersActive());
        m.put("compute_seconds", r.computeSeconds());
        m.put("slowest_compute_seconds", r.slowestComputeSeconds());
        m.put("aggregate_seconds", r.aggregateSeconds());
        m.put("driver_update_seconds", r.driverUpdateSeconds());
        m.put("bytes_broadcast", r.bytesBroadcast());
        m.put("bytes_collected", r.bytesCollected());
        m.put("worker_peak_heap_bytes", r.workerMemory().heapBytes());
        m.put("worker_peak_physical_bytes", r.workerMemory().physicalBytes());
        if (r.exchange().measured()) {
            m.put("exchange_publish_seconds", r.exchange().publishSeconds());
            m.put("exchange_pull_seconds", r.exchange().pullSeconds());
            m.put("exchange_push_seconds", r.exchange().pushSeconds());
            m.put("exchange_merge_seconds", r.exchange().mergeSeconds());
        }
        List<Map<String, Object>> drift = new ArrayList<>();
        for (RoundRecord.BnDrift d : r.bnDrift()) {
            Map<String, Object> layer = new LinkedHashMap<>();
            layer.put("bn_layer", d.layer());
            layer.put("max_abs_mean_diff", d.maxAbsMeanDiff());
            layer.put("max_rel_var_diff", d.maxRelVarDiff());
            drift.add(layer);
        }
        m.put("bn_drift", drift);
        append(m);
    }

    @Override
    public void onEpoch(EpochRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.put("epoch", r.epoch());
        m.put("loss", r.meanLoss());
        m.put("samples", r.samples());
        m.put("seconds", r.seconds());
        if (!Double.isNaN(r.testAccuracy())) {
            m.put("test_accuracy", r.testAccuracy());
        }
        append(m);
    }

    private void append(Map<String, Object> record) {
        try {
            lines.add(JSON.writeValueAsString(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        run.writeString(FILE, String.join("\n", lines) + "\n");
    }
}
