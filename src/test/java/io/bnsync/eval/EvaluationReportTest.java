package io.bnsync.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluationReportTest {
    private static final double TOL = 1e-12;

    /**
     * Three classes, rows = true, columns = predicted:
     * <pre>
     *   true 0: 3 1 0
     *   true 1: 1 2 1
     *   true 2: 0 0 0    (class 2 never occurs and is predicted once)
     * </pre>
     */
    private static final long[][] MATRIX = {{3, 1, 0}, {1, 2, 1}, {0, 0, 0}};

    @Test
    void metricsFromHandMadeMatrix() {
        EvaluationReport r = new EvaluationReport(MATRIX, 0.25);
        assertEquals(8, r.count());
        assertEquals(5, r.correct());
        assertEquals(5.0 / 8, r.accuracy(), TOL);
        assertEquals(0.25, r.loss(), TOL);

        assertEquals(3.0 / 4, r.precision(0), TOL);
        assertEquals(3.0 / 4, r.recall(0), TOL);
        assertEquals(3.0 / 4, r.f1(0), TOL);
        assertEquals(4, r.support(0));

        assertEquals(2.0 / 3, r.precision(1), TOL);
        assertEquals(2.0 / 4, r.recall(1), TOL);
        assertEquals(2 * (2.0 / 3) * 0.5 / (2.0 / 3 + 0.5), r.f1(1), TOL); // 4/7
        assertEquals(4.0 / 7, r.f1(1), TOL);

        // Predicted once but never true: precision 0/1, recall undefined -> 0, F1 0.
        assertEquals(0.0, r.precision(2), TOL);
        assertEquals(0.0, r.recall(2), TOL);
        assertEquals(0.0, r.f1(2), TOL);
        assertEquals(0, r.support(2));
    }

    @Test
    void reportIsImmutable() {
        long[][] m = {{1, 0}, {0, 1}};
        EvaluationReport r = new EvaluationReport(m, 0.0);
        m[0][0] = 99;
        r.confusionMatrix()[1][1] = 99;
        assertArrayEquals(new long[] {1, 0}, r.confusionMatrix()[0]);
        assertArrayEquals(new long[] {0, 1}, r.confusionMatrix()[1]);
    }

    @Test
    void emptyReportHasZeroesNotNaN() {
        EvaluationReport r = new EvaluationAccumulator().toReport();
        assertEquals(0, r.count());
        assertEquals(0.0, r.accuracy());
        assertEquals(0.0, r.loss());
        assertEquals(0.0, r.f1(3));
    }

    @Test
    void jsonParsesBackWithExpectedKeys() throws Exception {
        EvaluationReport r = new EvaluationReport(MATRIX, 0.25);
        JsonNode json = new ObjectMapper().readTree(r.toJson());

        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("accuracy", "loss", "samples", "per_class", "confusion_matrix"), keys);
        assertEquals(5.0 / 8, json.get("accuracy").asDouble(), TOL);
        assertEquals(0.25, json.get("loss").asDouble(), TOL);
        assertEquals(8, json.get("samples").asLong());

        JsonNode perClass = json.get("per_class");
        assertEquals(3, perClass.size());
        JsonNode one = perClass.get(1);
        assertEquals(1, one.get("class").asInt());
        assertEquals(2.0 / 3, one.get("precision").asDouble(), TOL);
        assertEquals(0.5, one.get("recall").asDouble(), TOL);
        assertEquals(4.0 / 7, one.get("f1").asDouble(), TOL);
        assertEquals(4, one.get("support").asLong());

        JsonNode matrix = json.get("confusion_matrix");
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(MATRIX[t][p], matrix.get(t).get(p).asLong());
            }
        }
    }

    @Test
    void tableShowsSummaryPerClassRowsAndMatrix() {
        String table = new EvaluationReport(MATRIX, 0.25).toTable();
        assertTrue(table.contains("accuracy  0.6250  (5/8)"), table);
        assertTrue(table.contains("loss      0.250000"), table);
        assertTrue(table.contains("    1     0.6667     0.5000     0.5714          4"), table);
        assertTrue(table.contains("true\\pred 0 1 2"), table);
        assertTrue(table.contains("        1 1 2 1"), table);
        // Columns widen to fit the largest count.
        String wide = new EvaluationReport(new long[][] {{1234, 5}, {6, 7}}, 0.0).toTable();
        assertTrue(wide.contains("true\\pred    0    1"), wide);
        assertTrue(wide.contains("        0 1234    5"), wide);
    }
}
