package io.bnsync.report;

import io.bnsync.eval.EvaluationReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Builds the XChart charts of a run from its parsed metrics. Rounds and epochs are drawn 1-based
 * (round 1 is the first round), as the console reports them; metrics.jsonl counts from 0.
 */
final class RunCharts {
    static final int WIDTH = 800;
    static final int HEIGHT = 500;
    static final int CONFUSION_SIZE = 600;
    /** Beyond this many points, markers hide the line's shape. */
    private static final int MAX_POINTS_WITH_MARKERS = 40;
    private static final BasicStroke[] LAYER_LINES = {SeriesLines.SOLID, SeriesLines.DASH_DASH,
        SeriesLines.DOT_DOT, SeriesLines.DASH_DOT};
    private static final Marker[] LAYER_MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE,
        SeriesMarkers.TRIANGLE_UP, SeriesMarkers.DIAMOND};

    private RunCharts() {
    }

    /** Loss per round, plus each epoch's mean loss at the epoch's last round; per epoch when there are no rounds. */
    static XYChart loss(MetricsHistory history) {
        boolean perRound = !history.rounds().isEmpty();
        XYChart chart = xyChart("Training loss", perRound ? "round" : "epoch", "loss");
        Points rounds = new Points();
        for (MetricsHistory.Round r : history.rounds()) {
            rounds.add(r.round() + 1, r.loss());
        }
        Points epochs = new Points();
        for (MetricsHistory.Epoch e : history.epochs()) {
            if (perRound) {
                history.lastRoundOf(e.epoch()).ifPresent(last -> epochs.add(last + 1, e.loss()));
            } else {
                epochs.add(e.epoch() + 1, e.loss());
            }
        }
        rounds.addTo(chart, "loss per round");
        XYSeries epochSeries = epochs.addTo(chart, "epoch mean loss");
        if (epochSeries != null) {
            epochSeries.setMarker(SeriesMarkers.DIAMOND);
        }
        return chart;
    }

    /**
     * Test accuracy per epoch from the epoch lines that carry it; when none does, the final
     * accuracy (if known) as one point at the last epoch.
     */
    static XYChart accuracy(MetricsHistory history, OptionalDouble finalAccuracy) {
        XYChart chart = xyChart("Test accuracy", "epoch", "accuracy");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setYAxisDecimalPattern("0.0000");
        Points perEpoch = new Points();
        for (MetricsHistory.Epoch e : history.epochs()) {
            e.testAccuracy().ifPresent(a -> perEpoch.add(e.epoch() + 1, a));
        }
        if (!perEpoch.isEmpty()) {
            perEpoch.addTo(chart, "test accuracy after epoch");
        } else if (finalAccuracy.isPresent()) {
            Points last = new Points();
            last.add(history.lastEpoch().orElse(0) + 1, finalAccuracy.getAsDouble());
            last.addTo(chart, "final test accuracy");
        }
        return chart;
    }

    /** Per BN layer, the workers' max relative running-variance drift from the synced statistics, log scale. */
    static XYChart drift(MetricsHistory history) {
        XYChart chart = xyChart("BatchNorm running-variance drift before sync", "round",
                "max relative variance difference");
        for (int layer : history.bnLayers()) {
            driftPoints(history, layer).addTo(chart, "BN layer " + layer);
        }
        return finishLogScale(chart);
    }

    /** The drift of several runs in one chart: one colour per run, one line style per BN layer. */
    static XYChart driftComparison(Map<String, MetricsHistory> runs) {
        XYChart chart = xyChart("BatchNorm running-variance drift: " + String.join(" vs ", runs.keySet()),
                "round", "max relative variance difference");
        Color[] colors = chart.getStyler().getSeriesColors();
        int run = 0;
        for (Map.Entry<String, MetricsHistory> entry : runs.entrySet()) {
            Color color = colors[run++ % colors.length];
            List<Integer> layers = entry.getValue().bnLayers();
            for (int k = 0; k < layers.size(); k++) {
                XYSeries series = driftPoints(entry.getValue(), layers.get(k))
                        .addTo(chart, entry.getKey() + ", BN layer " + layers.get(k));
                if (series != null) {
                    series.setLineColor(color);
                    series.setMarkerColor(color);
                    series.setLineStyle(LAYER_LINES[k % LAYER_LINES.length]);
                    if (series.getMarker() != SeriesMarkers.NONE) {
                        series.setMarker(LAYER_MARKERS[k % LAYER_MARKERS.length]);
                    }
                }
            }
        }
        return finishLogScale(chart);
    }

    /**
     * Final test accuracy against the number of workers, one line per series (e.g. per averaging frequency K), the
     * points of each series in order of W.
     */
    static XYChart accuracyVsWorkers(Map<String, ? extends Map<Integer, Double>> accuracyByWorkersBySeries) {
        XYChart chart = xyChart("Test accuracy against workers", "workers (W)", "test accuracy");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        chart.getStyler().setYAxisDecimalPattern("0.0000");
        accuracyByWorkersBySeries.forEach((series, byWorkers) -> {
            Points points = new Points();
            new TreeMap<>(byWorkers).forEach(points::add);
            points.addTo(chart, series);
        });
        return chart;
    }

    /** Rows = true label (0 at the top), columns = predicted label, cells annotated with counts. */
    static HeatMapChart confusion(EvaluationReport report) {
        HeatMapChart chart = new HeatMapChartBuilder().width(CONFUSION_SIZE).height(CONFUSION_SIZE)
                .title(String.format(Locale.ROOT, "Confusion matrix (accuracy %.4f, %d samples)",
                        report.accuracy(), report.count()))
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x6b, 0xae, 0xd6), new Color(0x08, 0x30, 0x6b)});
        long[][] matrix = report.confusionMatrix();
        int n = matrix.length;
        List<Integer> predicted = new ArrayList<>();
        List<Integer> trueTopDown = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            predicted.add(c);
            trueTopDown.add(n - 1 - c); // XChart draws the first y category at the bottom
        }
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, n - 1 - t, matrix[t][p]});
            }
        }
        chart.addSeries("count", predicted, trueTopDown, cells);
        return chart;
    }

    private static Points driftPoints(MetricsHistory history, int layer) {
        Points points = new Points();
        for (MetricsHistory.Round r : history.rounds()) {
            Double value = r.relVarDrift().get(layer);
            if (value != null && value > 0) { // log scale: zero drift (a single worker) cannot be drawn
                points.add(r.round() + 1, value);
            }
        }
        return points;
    }

    /** Log scale needs at least one positive value; otherwise the empty chart says why it is empty. */
    private static XYChart finishLogScale(XYChart chart) {
        if (chart.getSeriesMap().isEmpty()) {
            chart.setTitle(chart.getTitle() + " (no values > 0)");
        } else {
            chart.getStyler().setYAxisLogarithmic(true);
            // XChart labels only powers of ten by default: drift often spans less than two of
            // them, which would leave one label or none; then every tick gets a label.
            chart.getStyler().setYAxisLogarithmicDecadeOnly(powersOfTenWithin(chart) >= 2);
            chart.getStyler().setYAxisDecimalPattern("0.0E0");
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        }
        return chart;
    }

    /** How many powers of ten lie between the smallest and the largest y value of all series. */
    private static int powersOfTenWithin(XYChart chart) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (XYSeries series : chart.getSeriesMap().values()) {
            for (double y : series.getYData()) {
                min = Math.min(min, y);
                max = Math.max(max, y);
            }
        }
        return (int) (Math.floor(Math.log10(max)) - Math.ceil(Math.log10(min))) + 1;
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("0");
        return chart;
    }

    /** The finite points of one series; XChart refuses an empty series, so empty ones are not added. */
    private static final class Points {
        private final List<Double> x = new ArrayList<>();
        private final List<Double> y = new ArrayList<>();

        void add(double xValue, double yValue) {
            if (Double.isFinite(xValue) && Double.isFinite(yValue)) {
                x.add(xValue);
                y.add(yValue);
            }
        }

        boolean isEmpty() {
            return x.isEmpty();
        }

        /** Adds the series and returns it, or returns null when there is nothing to draw. */
        XYSeries addTo(XYChart chart, String name) {
            if (isEmpty()) {
                return null;
            }
            XYSeries series = chart.addSeries(name, x, y);
            series.setMarker(x.size() <= MAX_POINTS_WITH_MARKERS ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            return series;
        }
    }
}
