package io.bnsync.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.DataException;
import io.bnsync.store.RunDirectory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

class RunPlotsTest {
    @TempDir
    Path dir;

    @Test
    void writesFourPngsOfTheExpectedSizeIntoTheRunDirectory() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("run").toString(), false, new Configuration());
        List<String> written = RunPlots.write(run, MetricsFixtures.lines(3, 5, 1e-3, true), MetricsFixtures.report());
        assertEquals(List.of("loss.png", "accuracy.png", "bn-drift.png", "confusion.png"), written);
        assertPng(dir.resolve("run/loss.png"), 800, 500);
        assertPng(dir.resolve("run/accuracy.png"), 800, 500);
        assertPng(dir.resolve("run/bn-drift.png"), 800, 500);
        assertPng(dir.resolve("run/confusion.png"), 600, 600);
        try (var files = Files.list(dir.resolve("run"))) {
            assertEquals(4, files.count(), "nothing but the plots, no temp files");
        }
    }

    @Test
    void rewritingReplacesThePlots() throws IOException {
        RunDirectory run = RunDirectory.create(dir.toString(), true, new Configuration());
        RunPlots.write(run, MetricsFixtures.lines(1, 3, 1e-3, false), null);
        RunPlots.write(run, MetricsFixtures.lines(2, 3, 1e-3, false), null);
        assertPng(dir.resolve("loss.png"), 800, 500);
    }

    @Test
    void lossHasRoundsAndEpochMeansAtEachEpochsLastRound() {
        XYChart chart = RunCharts.loss(MetricsHistory.parse(MetricsFixtures.lines(2, 4, 1e-3, false)));
        XYSeries rounds = chart.getSeriesMap().get("loss per round");
        XYSeries epochs = chart.getSeriesMap().get("epoch mean loss");
        assertEquals(8, rounds.getXData().length);
        assertEquals(1.0, rounds.getXData()[0], "rounds are drawn 1-based");
        assertEquals(List.of(4.0, 8.0), toList(epochs.getXData()));
    }

    @Test
    void accuracyComesFromEpochLinesOrFallsBackToTheFinalAccuracy() {
        XYChart perEpoch = RunCharts.accuracy(MetricsHistory.parse(MetricsFixtures.lines(3, 2, 1e-3, true)),
                OptionalDouble.of(0.5));
        XYSeries series = perEpoch.getSeriesMap().get("test accuracy after epoch");
        assertEquals(List.of(1.0, 2.0, 3.0), toList(series.getXData()));
        assertEquals(0.96, series.getYData()[2], 1e-12);

        XYChart fallback = RunCharts.accuracy(MetricsHistory.parse(MetricsFixtures.lines(3, 2, 1e-3, false)),
                OptionalDouble.of(0.97));
        XYSeries last = fallback.getSeriesMap().get("final test accuracy");
        assertEquals(List.of(3.0), toList(last.getXData()));
        assertEquals(0.97, last.getYData()[0], 1e-12);
    }

    @Test
    void withoutAccuracyOrReportThereIsNoAccuracyNorConfusionPlot() {
        RunDirectory run = RunDirectory.create(dir.toString(), true, new Configuration());
        List<String> written = RunPlots.write(run, MetricsFixtures.lines(2, 3, 1e-3, false), null);
        assertEquals(List.of("loss.png", "bn-drift.png"), written);
        assertFalse(Files.exists(dir.resolve("accuracy.png")));
    }

    @Test
    void driftIsLogScaleAndSkipsValuesThatAreNotPositive() {
        XYChart chart = RunCharts.drift(MetricsHistory.parse(MetricsFixtures.lines(2, 3, 1e-3, false)));
        assertTrue(chart.getStyler().isYAxisLogarithmic());
        assertEquals(6, chart.getSeriesMap().get("BN layer 0").getXData().length);
        assertEquals(5, chart.getSeriesMap().get("BN layer 2").getXData().length, "round 0 of layer 2 is 0");
    }

    @Test
    void allZeroDriftStillGivesAPlotThatSaysSo() throws IOException {
        RunDirectory run = RunDirectory.create(dir.toString(), true, new Configuration());
        RunPlots.write(run, MetricsFixtures.lines(1, 3, 0.0, false), null);
        assertPng(dir.resolve("bn-drift.png"), 800, 500);
        XYChart chart = RunCharts.drift(MetricsHistory.parse(MetricsFixtures.lines(1, 3, 0.0, false)));
        assertTrue(chart.getTitle().contains("no values > 0"), chart.getTitle());
    }

    @Test
    void comparisonIsOnePngWithOneSeriesPerRunAndLayer() throws IOException {
        Map<String, List<String>> runs = new LinkedHashMap<>();
        runs.put("naive", MetricsFixtures.lines(2, 4, 1e-1, false));
        runs.put("exact", MetricsFixtures.lines(2, 4, 1e-4, false));
        byte[] png = RunPlots.driftComparison(runs);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "a PNG ImageIO can read");
        assertEquals(800, image.getWidth());
        assertEquals(500, image.getHeight());
        Map<String, MetricsHistory> parsed = new LinkedHashMap<>();
        runs.forEach((label, lines) -> parsed.put(label, MetricsHistory.parse(lines)));
        assertEquals(6, RunCharts.driftComparison(parsed).getSeriesMap().size());
    }

    @Test
    void accuracyAgainstWorkersHasOneLinePerSeriesInOrderOfWorkers() {
        XYChart chart = RunCharts.accuracyVsWorkers(Map.of(
                "K = 16", Map.of(4, 0.985, 1, 0.99, 2, 0.988),
                "K = 4", Map.of(2, 0.989)));
        assertEquals(2, chart.getSeriesMap().size());
        XYSeries k16 = chart.getSeriesMap().get("K = 16");
        assertArrayEquals(new double[] {1, 2, 4}, k16.getXData());
        assertArrayEquals(new double[] {0.99, 0.988, 0.985}, k16.getYData());
    }

    @Test
    void linesOfOtherTypesAndBlankLinesAreIgnored() {
        List<String> lines = new ArrayList<>(MetricsFixtures.lines(1, 2, 1e-3, false));
        lines.add("");
        lines.add("{\"type\":\"diverged\",\"message\":\"loss NaN in round 2\"}");
        MetricsHistory history = MetricsHistory.parse(lines);
        assertEquals(2, history.rounds().size());
        assertEquals(1, history.epochs().size());
    }

    @Test
    void aLineThatIsNotJsonIsADataErrorNamingTheLine() {
        List<String> lines = List.of(MetricsFixtures.lines(1, 1, 1e-3, false).get(0), "{\"type\":\"round\",");
        DataException e = assertThrows(DataException.class, () -> MetricsHistory.parse(lines));
        assertTrue(e.getMessage().startsWith("metrics.jsonl line 2: "), e.getMessage());
    }

    static void assertPng(Path file, int width, int height) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        assertEquals((byte) 0x89, bytes[0]);
        assertEquals('P', bytes[1]);
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file + " is a readable image");
        assertEquals(width, image.getWidth(), file.toString());
        assertEquals(height, image.getHeight(), file.toString());
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>();
        for (double v : values) {
            list.add(v);
        }
        return list;
    }
}
