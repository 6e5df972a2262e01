package io.bnsync.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Rebuilds an {@link EvaluationReport} from its {@link EvaluationReport#toJson()} form, so that a
 * finished run's evaluation can be presented again (plots) without re-evaluating the model. Only
 * {@code confusion_matrix} and {@code loss} are read; everything else is derived from them.
 */
public final class EvaluationReports {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvaluationReports() {
    }

    /**
     * @throws IllegalArgumentException when the text is not JSON or lacks a square matrix of
     *                                  non-negative integer counts
     */
    public static EvaluationReport fromJson(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("evaluation report is not JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.path("confusion_matrix").isArray()) {
            throw new IllegalArgumentException("evaluation report has no confusion_matrix");
        }
        JsonNode rows = root.get("confusion_matrix");
        long[][] matrix = new long[rows.size()][];
        for (int t = 0; t < rows.size(); t++) {
            matrix[t] = row(rows.get(t), t, rows.size());
        }
        return new EvaluationReport(matrix, loss(root.path("loss")));
    }

    /** Jackson writes a NaN loss as the string "NaN"; a missing loss is NaN too. */
    private static double loss(JsonNode loss) {
        if (loss.isNumber()) {
            return loss.asDouble();
        }
        try {
            return Double.parseDouble(loss.asText("NaN"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("evaluation report loss is not a number: " + loss);
        }
    }

    private static long[] row(JsonNode row, int index, int size) {
        if (!row.isArray() || row.size() != size) {
            throw new IllegalArgumentException("confusion_matrix row " + index + " is not a list of " + size + " counts");
        }
        long[] counts = new long[size];
        for (int p = 0; p < size; p++) {
            JsonNode cell = row.get(p);
            if (!cell.isIntegralNumber() || cell.asLong() < 0) {
                throw new IllegalArgumentException("confusion_matrix[" + index + "][" + p + "] is not a count: " + cell);
            }
            counts[p] = cell.asLong();
        }
        return counts;
    }
}
