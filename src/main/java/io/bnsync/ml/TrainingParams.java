package io.bnsync.ml;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Estimator's training options: each Param named as Spark ML names things, mapped to the key of
 * {@code conf/train.conf} it sets. Options left unset take the defaults of {@code conf/train.conf}, as for
 * {@code train}; values are checked by the same loader.
 */
final class TrainingParams {
    /** Param name → train.conf key. */
    static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("workers", "workers"),
            Map.entry("averagingFrequency", "averaging-frequency"),
            Map.entry("epochs", "epochs"),
            Map.entry("batchSize", "batch-size"),
            Map.entry("bnSync", "bn-sync"),
            Map.entry("bnRecalibrate", "bn-recalibrate"),
            Map.entry("learningRate", "learning-rate"),
            Map.entry("optimizer", "optimizer"),
            Map.entry("partitioning", "partitioning"),
            Map.entry("seed", "seed"));

    private TrainingParams() {
    }

    /** The train.conf overrides of the options set on {@code params}. */
    static Map<String, String> overrides(Params params) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Param<?> p : params.params()) {
            String key = KEYS.get(p.name());
            if (key != null && params.isDefined(p)) {
                overrides.put(key, String.valueOf(params.getOrDefault(p)));
            }
        }
        return overrides;
    }
}
