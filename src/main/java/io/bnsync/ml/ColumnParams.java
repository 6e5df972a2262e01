package io.bnsync.ml;

import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.util.Identifiable;

/** The column Params the Estimator and its Model share: one name, doc and default each, as Spark ML's HasXCol. */
final class ColumnParams {
    private ColumnParams() {
    }

    static Param<String> features(Identifiable parent) {
        return new Param<>(parent, "featuresCol", "features column: binary (784 bytes) or vector (784 values 0-255)");
    }

    static Param<String> prediction(Identifiable parent) {
        return new Param<>(parent, "predictionCol", "prediction column name");
    }

    static Param<String> probability(Identifiable parent) {
        return new Param<>(parent, "probabilityCol", "column name for the 10 class probabilities");
    }
}
