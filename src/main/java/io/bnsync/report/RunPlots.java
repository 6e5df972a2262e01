package io.bnsync.report;

import io.bnsync.eval.EvaluationReport;
import io.bnsync.store.RunDirectory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * PNG plots of a run, drawn with XChart off screen (works without a display: the JVM is switched
 * to headless mode unless the caller decided otherwise):
 *
 * <ul>
 * <li>{@code loss.png}: training loss per round and each epoch's mean loss;</li>
 * <li>{@code accuracy.png}: test accuracy per epoch (or the final accuracy at the last epoch);</li>
 * <li>{@code bn-drift.png}: per BatchNorm layer, how far the workers' running variance had drifted
 *     from the synced one in each round (log scale);</li>
 * <li>{@code confusion.png}: the test confusion matrix as a heat map.</li>
 * </ul>
 *
 * Rounds and epochs are drawn 1-based, as the console reports them. Charts are 800x500 pixels,
 * the confusion matrix 600x600.
 */
public final class RunPlots {
    public static final String LOSS = "loss.png";
    public static final String ACCURACY = "accuracy.png";
    public static final String BN_DRIFT = "bn-drift.png";
    public static final String CONFUSION = "confusion.png";

    static {
        // Must precede the first AWT use; without it, a JVM on a server without X11 may refuse to draw.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private RunPlots() {
    }

    /**
     * Writes the plots of a run into its directory, each file atomically, and returns the names
     * written, in the order above. A plot without data is left out: no loss plot for an empty
     * metrics file, no drift plot without round lines (dl4j-spark engine), no accuracy plot
     * without any accuracy, no confusion matrix when {@code report} is null.
     *
     * @param metricsJsonl the lines of the run's metrics.jsonl
     * @param report       the final test evaluation, or null when unknown
     */
    public static List<String> write(RunDirectory run, List<String> metricsJsonl, EvaluationReport report) {
        MetricsHistory history = MetricsHistory.parse(metricsJsonl);
        Map<String, Chart<?, ?>> charts = new LinkedHashMap<>();
        if (!history.rounds().isEmpty() || !history.epochs().isEmpty()) {
            charts.put(LOSS, RunCharts.loss(history));
        }
        OptionalDouble finalAccuracy = report == null ? OptionalDouble.empty() : OptionalDouble.of(report.accuracy());
        Chart<?, ?> accuracy = RunCharts.accuracy(history, finalAccuracy);
        if (!accuracy.getSeriesMap().isEmpty()) {
            charts.put(ACCURACY, accuracy);
        }
        if (!history.rounds().isEmpty()) {
            charts.put(BN_DRIFT, RunCharts.drift(history));
        }
        if (report != null) {
            charts.put(CONFUSION, RunCharts.confusion(report));
        }
        List<String> written = new ArrayList<>();
        for (Map.Entry<String, Chart<?, ?>> chart : charts.entrySet()) {
            byte[] png = png(chart.getValue());
            run.write(chart.getKey(), out -> out.write(png));
            written.add(chart.getKey());
        }
        return written;
    }

    /**
     * One 800x500 PNG comparing the BatchNorm drift of several runs (e.g. "naive" and "exact"):
     * per run and BN layer, the max relative running-variance difference per round, log scale.
     * Values &lt;= 0 cannot be drawn on a log scale and are skipped.
     *
     * @param metricsJsonlByLabel the lines of each run's metrics.jsonl, by the label shown in the legend
     */
    public static byte[] driftComparison(Map<String, List<String>> metricsJsonlByLabel) {
        Map<String, MetricsHistory> runs = new LinkedHashMap<>();
        metricsJsonlByLabel.forEach((label, lines) -> runs.put(label, MetricsHistory.parse(lines)));
        return png(RunCharts.driftComparison(runs));
    }

    /**
     * One 800x500 PNG of final test accuracy against the number of workers (linear axis), one line per series.
     *
     * @param accuracyByWorkersBySeries per legend entry, the test accuracy of each worker count
     */
    public static byte[] accuracyVsWorkers(Map<String, ? extends Map<Integer, Double>> accuracyByWorkersBySeries) {
        return png(RunCharts.accuracyVsWorkers(accuracyByWorkersBySeries));
    }

    private static byte[] png(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapFormat.PNG);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode chart \"" + chart.getTitle() + "\" as PNG", e);
        }
    }
}
