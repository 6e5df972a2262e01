package io.bnsync.ml;

import io.bnsync.config.TrainKey;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;

/**
 * The Estimator's training options: each Param is a row of {@link TrainKey}, named as Spark ML names things (the key
 * in camel case: averaging-frequency → averagingFrequency) and documented by the row's help. Options left unset take
 * the defaults of {@code conf/train.conf}, as for {@code train}; values are checked by the same loader.
 */
final class TrainingParams {
    private TrainingParams() {
    }

    /** The Param name of {@code key}. */
    static String name(TrainKey key) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : key.key().toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    static String doc(TrainKey key) {
        return key.help().replace("`", "");
    }

    /** The train.conf overrides of the training options set on {@code params}. */
    static Map<String, String> overrides(Params params) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (Param<?> p : params.params()) {
            TrainKey key = keyOf(p.name());
            if (key != null && params.isDefined(p)) {
                overrides.put(key.key(), String.valueOf(params.getOrDefault(p)));
            }
        }
        return overrides;
    }

    private static TrainKey keyOf(String paramName) {
        for (TrainKey key : TrainKey.values()) {
            if (name(key).equals(paramName)) {
                return key;
            }
        }
        return null;
    }
}
