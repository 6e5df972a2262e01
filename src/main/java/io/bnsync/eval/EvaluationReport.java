package io.bnsync.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * The result of evaluating a classifier: accuracy, mean NLL loss, sample count, the confusion matrix
 * (rows = true class, columns = predicted class) and per-class precision, recall and F1 derived from
 * it. Ratios whose denominator is zero are reported as 0. Immutable.
 */
public final class EvaluationReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final long[][] confusion;
    private final double loss;
    private final long count;

    /**
     * @param confusionMatrix square counts, rows = true class, columns = predicted class (copied)
     * @param meanLoss        mean negative log-likelihood over the samples
     */
    public EvaluationReport(long[][] confusionMatrix, double meanLoss) {
        this.confusion = copy(confusionMatrix);
        for (long[] row : confusion) {
            if (row.length != confusion.length) {
                throw new IllegalArgumentException("confusion matrix must be square");
            }
        }
        this.loss = meanLoss;
        long n = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                n += v;
            }
        }
        this.count = n;
    }

    public int numClasses() {
        return confusion.length;
    }

    public long count() {
        return count;
    }

    /** Mean negative log-likelihood of the true class. */
    public double loss() {
        return loss;
    }

    /** Fraction of samples on the diagonal; 0 for an empty report. */
    public double accuracy() {
        return ratio(correct(), count);
    }

    /** Samples whose predicted class is their true class. */
    public long correct() {
        long correct = 0;
        for (int c = 0; c < confusion.length; c++) {
            correct += confusion[c][c];
        }
        return correct;
    }

    /** A copy of the matrix, rows = true class, columns = predicted class. */
    public long[][] confusionMatrix() {
        return copy(confusion);
    }

    /** Samples whose true class is {@code c}. */
    public long support(int c) {
        long n = 0;
        for (long v : confusion[c]) {
            n += v;
        }
        return n;
    }

    /** Of the samples predicted as {@code c}, the fraction that are {@code c}. */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : confusion) {
            predicted += row[c];
        }
        return ratio(confusion[c][c], predicted);
    }

    /** Of the samples that are {@code c}, the fraction predicted as {@code c}. */
    public double recall(int c) {
        return ratio(confusion[c][c], support(c));
    }

    /** Harmonic mean of precision and recall of {@code c}. */
    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
    }

    /** A fixed-width text summary for logs and the console. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "accuracy  %.4f  (%d/%d)%n", accuracy(), correct(), count));
        out.append(String.format(Locale.ROOT, "loss      %.6f%n", loss));
        out.append(String.format(Locale.ROOT, "%n%5s  %9s  %9s  %9s  %9s%n", "class", "precision", "recall", "f1", "support"));
        for (int c = 0; c < confusion.length; c++) {
            out.append(String.format(Locale.ROOT, "%5d  %9.4f  %9.4f  %9.4f  %9d%n",
                    c, precision(c), recall(c), f1(c), support(c)));
        }
        int width = Math.max(String.valueOf(maxCell()).length(), String.valueOf(confusion.length - 1).length()) + 1;
        out.append(String.format(Locale.ROOT, "%nconfusion matrix (rows = true, columns = predicted)%n"));
        out.append(String.format(Locale.ROOT, "%9s", "true\\pred"));
        for (int c = 0; c < confusion.length; c++) {
            out.append(String.format(Locale.ROOT, "%" + width + "d", c));
        }
        out.append(System.lineSeparator());
        for (int t = 0; t < confusion.length; t++) {
            out.append(String.format(Locale.ROOT, "%9d", t));
            for (long v : confusion[t]) {
                out.append(String.format(Locale.ROOT, "%" + width + "d", v));
            }
            out.append(System.lineSeparator());
        }
        return out.toString();
    }

    /**
     * The report as JSON with keys {@code accuracy, loss, samples, per_class} (a list of
     * {@code class, precision, recall, f1, support}) and {@code confusion_matrix} (list of rows).
     */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("accuracy", accuracy());
        root.put("loss", loss);
        root.put("samples", count);
        ArrayNode perClass = root.putArray("per_class");
        for (int c = 0; c < confusion.length; c++) {
            perClass.addObject()
                    .put("class", c)
                    .put("precision", precision(c))
                    .put("recall", recall(c))
                    .put("f1", f1(c))
                    .put("support", support(c));
        }
        ArrayNode matrix = root.putArray("confusion_matrix");
        for (long[] row : confusion) {
            ArrayNode r = matrix.addArray();
            for (long v : row) {
                r.add(v);
            }
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write evaluation report as JSON", e);
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "EvaluationReport(accuracy=%.4f, loss=%.6f, samples=%d)", accuracy(), loss, count);
    }

    private long maxCell() {
        long max = 0;
        for (long[] row : confusion) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static long[][] copy(long[][] matrix) {
        long[][] out = new long[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            out[i] = matrix[i].clone();
        }
        return out;
    }
}
