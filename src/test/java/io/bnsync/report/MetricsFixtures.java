package io.bnsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.eval.EvaluationReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Synthetic metrics.jsonl lines with the keys, order and types MetricsLog writes (3 BN layers,
 * 2 workers), and a synthetic 10-class evaluation, for plot tests that need no training.
 */
public final class MetricsFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private MetricsFixtures() {
    }

    /**
     * {@code epochs x roundsPerEpoch} round lines, each epoch followed by its epoch line.
     * Round loss decays; BN layer l drifts by about {@code driftScale * (l + 1)}, except that
     * layer 2 has drift 0 in round 0 (as right after initialization). With
     * {@code testAccuracy}, epoch lines carry {@code test_accuracy} as the trainer's will.
     */
    public static List<String> lines(int epochs, int roundsPerEpoch, double driftScale, boolean testAccuracy) {
        List<String> lines = new ArrayList<>();
        int round = 0;
        for (int epoch = 0; epoch < epochs; epoch++) {
            double lossSum = 0;
            for (int r = 0; r < roundsPerEpoch; r++, round++) {
                double loss = 2.3 * Math.exp(-0.3 * round) + 0.05;
                lossSum += loss;
                lines.add(json(round(round, epoch, loss, driftScale)));
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("type", "epoch");
            m.put("epoch", epoch);
            m.put("loss", lossSum / roundsPerEpoch);
            m.put("samples", 2048L * roundsPerEpoch);
            m.put("seconds", 3.5 * roundsPerEpoch);
            if (testAccuracy) {
                m.put("test_accuracy", 0.9 + 0.03 * epoch);
            }
            lines.add(json(m));
        }
        return lines;
    }

    private static Map<String, Object> round(int round, int epoch, double loss, double driftScale) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "round");
        m.put("round", round);
        m.put("epoch", epoch);
        m.put("loss", loss);
        m.put("samples", 2048L);
        m.put("workers_active", 2);
        m.put("compute_seconds", 3.1);
        m.put("slowest_compute_seconds", 3.2);
        m.put("aggregate_seconds", 0.2);
        m.put("driver_update_seconds", 0.05);
        m.put("bytes_broadcast", 9_604_224L);
        m.put("bytes_collected", 19_208_448L);
        List<Map<String, Object>> drift = new ArrayList<>();
        for (int layer = 0; layer < 3; layer++) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("bn_layer", layer);
            d.put("max_abs_mean_diff", 0.01 * (layer + 1));
            d.put("max_rel_var_diff", layer == 2 && round == 0 ? 0.0
                    : driftScale * (layer + 1) * (1.5 + Math.sin(round)));
            drift.add(d);
        }
        m.put("bn_drift", drift);
        return m;
    }

    /** 10 classes, 100 samples each, 90 on the diagonal and the rest confused with the next class. */
    public static EvaluationReport report() {
        long[][] matrix = new long[10][10];
        for (int c = 0; c < 10; c++) {
            matrix[c][c] = 90;
            matrix[c][(c + 1) % 10] = 7;
            matrix[c][(c + 3) % 10] = 3;
        }
        return new EvaluationReport(matrix, 0.321);
    }

    private static String json(Map<String, Object> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
