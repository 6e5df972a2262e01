package io.bnsync.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.train.RoundRecord;
import io.bnsync.train.TrainingObserver;
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
    static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunDirectory run;
    private final List<String> lines = new ArrayList<>();

    public MetricsLog(RunDirectory run) {
        this.run = run;
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
        m.put("aggregate_seconds", r.aggregateSeconds());
        m.put("driver_update_seconds", r.driverUpdateSeconds());
        m.put("bytes_broadcast", r.bytesBroadcast());
        m.put("bytes_collected", r.bytesCollected());
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
    public void onEpoch(int epoch, double meanLoss, long samples, double seconds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "epoch");
        m.put("epoch", epoch);
        m.put("loss", meanLoss);
        m.put("samples", samples);
        m.put("seconds", seconds);
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
