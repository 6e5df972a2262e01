package io.bnsync.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EvaluationReportsTest {
    @Test
    void rebuildsTheReportFromItsJson() {
        EvaluationReport original = new EvaluationReport(new long[][] {{5, 1, 0}, {2, 7, 1}, {0, 0, 4}}, 0.4321);
        EvaluationReport copy = EvaluationReports.fromJson(original.toJson());
        assertArrayEquals(original.confusionMatrix(), copy.confusionMatrix());
        assertEquals(original.loss(), copy.loss(), 0.0);
        assertEquals(original.accuracy(), copy.accuracy(), 0.0);
        assertEquals(original.toJson(), copy.toJson());
    }

    @Test
    void nanLossSurvives() {
        EvaluationReport original = new EvaluationReport(new long[][] {{1, 0}, {0, 1}}, Double.NaN);
        assertTrue(Double.isNaN(EvaluationReports.fromJson(original.toJson()).loss()));
    }

    @Test
    void refusesWhatIsNotAReport() {
        assertThrows(IllegalArgumentException.class, () -> EvaluationReports.fromJson("{\"loss\": 1"));
        assertThrows(IllegalArgumentException.class, () -> EvaluationReports.fromJson("{\"loss\": 1}"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EvaluationReports.fromJson("{\"confusion_matrix\": [[1, 2], [3]]}"));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EvaluationReports.fromJson("{\"confusion_matrix\": [[1, -2], [3, 4]]}"));
    }
}
