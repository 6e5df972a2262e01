package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.NativeRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The train command end to end in local mode on synthetic digits (no real MNIST needed): the run
 * directory, reload, evaluate, both engines, recalibration, Parquet, refusals. Accuracy on real MNIST
 * is {@link MnistAccuracyTest}'s.
 */
class TrainCommandTest {
    static final Path DIGITS = SyntheticMnist.folder();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Test accuracy on the synthetic digits after one epoch of 2,000 images (chance: 0.1). */
    static final double LEARNED = 0.9;

    @TempDir
    static Path dir;
    static Path run;
    static int trainExit;

    @BeforeAll
    static void trainOnce() {
        run = dir.resolve("run");
        trainExit = Main.run("train", "--data", DIGITS.toString(), "--limit-train", "2000", "--limit-test", "500",
                "--epochs", "1", "--master", "local[2]", "--out", run.toString(), "--progress-seconds", "1");
    }

    @Test
    void learnsAndWritesTheRunDirectory() throws IOException {
        assertEquals(ExitCode.OK, trainExit);
        for (String f : List.of("model.zip", "config.json", "metrics.json", "metrics.jsonl", "evaluation.json",
                "loss.png", "accuracy.png", "bn-drift.png", "confusion.png")) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        assertTrue(metrics.get("test_accuracy").asDouble() >= LEARNED, metrics.toString());
        assertEquals(2000, metrics.get("train_samples").asInt());
        assertEquals(500, metrics.get("test_samples").asInt());
        assertEquals("exact", metrics.get("bn_sync").asText());
        assertTrue(metrics.get("samples_per_second").asDouble() > 0);
        // What NativeRuntime's self-check found in effect (this machine has the oneDNN natives).
        assertEquals("{\"extension\":\"" + NativeRuntime.extension() + "\",\"onednn_helpers\":true,"
                + "\"batchnorm_helper\":\"channel\",\"gomp_spincount\":\""
                + System.getenv().getOrDefault("GOMP_SPINCOUNT", "default") + "\"}", metrics.get("native").toString());
        JsonNode config = JSON.readTree(run.resolve("config.json").toFile());
        assertEquals(2000, config.get("limit-train").asInt());
        // No --workers: the default workers = auto is one worker per core of local[2], recorded as resolved.
        assertEquals(2, metrics.get("workers").asInt());
        assertEquals(2, config.get("workers").asInt());
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"epoch\"")));
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"round\"") && l.contains("bn_drift")));
        for (String line : lines.stream().filter(l -> l.contains("\"type\":\"round\"")).toList()) {
            JsonNode round = JSON.readTree(line);
            double mean = round.get("compute_seconds").asDouble();
            double slowest = round.get("slowest_compute_seconds").asDouble();
            assertTrue(mean > 0 && slowest >= mean && slowest < 2 * mean, "two workers' mean and slowest: " + line);
            // merge = auto pushes with 2 workers: its exchange is timed on both sides, and is part of the round's
            // time beyond the workers' mean compute (to a millisecond: the clocks are read at different points)
            double exchange = 0;
            for (String part : List.of("publish", "pull", "push", "merge")) {
                double seconds = round.get("exchange_" + part + "_seconds").asDouble(-1);
                // a task's pull may have been done ahead, before the task started: it may cost it no time at all
                assertTrue(part.equals("pull") ? seconds >= 0 : seconds > 0, part + ": " + line);
                exchange += seconds;
            }
            assertTrue(exchange <= round.get("aggregate_seconds").asDouble() + 1e-3, line);
        }
        try (var files = Files.list(run)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left");
        }
    }

    @Test
    void savedModelReloadsWithTheSameAccuracyAndPredictions() throws IOException {
        assertEquals(ExitCode.OK, trainExit);
        Configuration conf = new Configuration();
        MultiLayerNetwork a = ModelFiles.read(run.resolve("model.zip").toString(), conf);
        MultiLayerNetwork b = ModelFiles.read(run.resolve("model.zip").toString(), conf);
        MnistDataset test = MnistFiles.load(DIGITS.toString(), MnistFiles.Split.TEST, conf).head(500);
        EvaluationReport report = Evaluator.evaluate(a, test, 100);
        double written = JSON.readTree(run.resolve("metrics.json").toFile()).get("test_accuracy").asDouble();
        assertEquals(written, report.accuracy(), 1e-12);
        var batch = io.bnsync.model.MnistBatches.batch(test, 0, 50).getFeatures();
        assertArrayEquals(a.output(batch, false).ravel().toFloatVector(), b.output(batch, false).ravel().toFloatVector());
        assertTrue(a.getUpdater().getStateViewArray().sumNumber().doubleValue() != 0, "updater state saved");
    }

    @Test
    void evaluatePrintsJson() throws IOException {
        assertEquals(ExitCode.OK, trainExit);
        String out = captureStdout(() -> assertEquals(ExitCode.OK, Main.run("evaluate", "--model",
                run.resolve("model.zip").toString(), "--data", DIGITS.toString(), "--limit-test", "200", "--json")));
        JsonNode report = JSON.readTree(out.substring(out.indexOf('{')));
        assertEquals(200, report.get("samples").asInt());
        assertEquals(10, report.get("confusion_matrix").size());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "engine {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"rounds", "dl4j-spark"})
    void twoWorkersLearnWithEitherEngine(String engine) throws IOException {
        Path out = dir.resolve("w2-" + engine);
        int code = Main.run("train", "--workers", "2", "--engine", engine, "--data", DIGITS.toString(),
                "--limit-train", "2000", "--limit-test", "500", "--epochs", "1", "--master", "local[2]",
                "--out", out.toString());
        assertEquals(ExitCode.OK, code);
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("test_accuracy").asDouble() >= LEARNED, metrics.toString());
        assertEquals(2, metrics.get("workers").asInt());
        assertEquals(engine, metrics.get("engine").asText());
        if (engine.equals("rounds")) {
            List<String> rounds = Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                    .filter(l -> l.contains("\"type\":\"round\"")).toList();
            assertEquals(metrics.get("rounds").asInt(), rounds.size());
            JsonNode first = JSON.readTree(rounds.get(0));
            assertEquals(2, first.get("workers_active").asInt());
            assertEquals(3, first.get("bn_drift").size());
            assertTrue(first.get("bytes_broadcast").asLong() > 4_800_000, "parameters are broadcast");
        }
    }

    @Test
    void preciseBnRecalibrationRuns() throws IOException {
        Path out = dir.resolve("recal");
        assertEquals(ExitCode.OK, Main.run("train", "--workers", "2", "--data", DIGITS.toString(),
                "--limit-train", "1000", "--limit-test", "500", "--bn-recalibrate", "500", "--master", "local[2]",
                "--out", out.toString()));
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(500, metrics.get("bn_recalibrate_images").asInt());
        assertTrue(metrics.get("test_accuracy").asDouble() > 0.5, metrics.toString());
    }

    @Test
    void trainsFromPreparedParquet() throws IOException {
        Path parquet = dir.resolve("parquet");
        assertEquals(ExitCode.OK, Main.run("prepare", "--data", DIGITS.toString(), "--out", parquet.toString(),
                "--master", "local[2]"));
        assertEquals("complete\n", Files.readString(parquet.resolve("_PREPARE")), "marked complete, last");
        Path out = dir.resolve("from-parquet");
        assertEquals(ExitCode.OK, Main.run("train", "--data", parquet.toString(), "--limit-train", "600",
                "--limit-test", "300", "--workers", "2", "--master", "local[2]", "--out", out.toString()));
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(600, metrics.get("train_samples").asInt());
        assertEquals(300, metrics.get("test_samples").asInt());
    }

    @Test
    void nonEmptyRunDirectoryIsRefusedAndLeftAlone() throws IOException {
        Path existing = dir.resolve("existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("keep.txt"), "precious");
        int code = Main.run("train", "--data", DIGITS.toString(), "--limit-train", "200", "--out", existing.toString());
        assertEquals(ExitCode.USAGE, code);
        assertEquals("precious", Files.readString(existing.resolve("keep.txt")));
        try (var files = Files.list(existing)) {
            assertEquals(1, files.count());
        }
    }

    @Test
    void badIdxFileExitsWithDataErrorAndWritesNothing() throws IOException {
        Path bad = dir.resolve("bad-mnist");
        Files.createDirectories(bad);
        for (String name : MnistFiles.ALL) {
            Files.copy(DIGITS.resolve(name + ".gz"), bad.resolve(name + ".gz"));
        }
        Files.write(bad.resolve("train-labels-idx1-ubyte.gz"), new byte[] {1, 2, 3});
        Path out = dir.resolve("bad-run");
        String err = captureStderr(() -> assertEquals(ExitCode.DATA,
                Main.run("train", "--data", bad.toString(), "--out", out.toString())));
        assertTrue(err.contains("train-labels-idx1-ubyte"), err);
        assertEquals(1, err.strip().lines().count(), "one line, no stack trace: " + err);
        assertFalse(Files.exists(out));
    }

    @Test
    void aDivergingRunExitsFiveAndPublishesNoModel() throws IOException {
        Path out = dir.resolve("diverged");
        String err = captureStderr(() -> assertEquals(ExitCode.DIVERGED, Main.run("train", "--data", DIGITS.toString(),
                "--limit-train", "256", "--limit-test", "100", "--optimizer", "adam", "--learning-rate", "1e30",
                "--batch-size", "32", "--averaging-frequency", "2", "--master", "local[2]", "--out", out.toString())));
        assertTrue(err.contains("training diverged"), err);
        assertFalse(Files.exists(out.resolve("model.zip")), "no model published");
        assertFalse(Files.exists(out.resolve("metrics.json")), "no metrics of a finished run");
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertTrue(lines.get(lines.size() - 1).contains("\"type\":\"diverged\""), lines.toString());
    }

    @Test
    void invalidOptionValueExitsWithUsageError() {
        String err = captureStderr(() -> assertEquals(ExitCode.USAGE,
                Main.run("train", "--data", DIGITS.toString(), "--epochs", "0")));
        assertTrue(err.contains("epochs"), err);
    }

    static String captureStdout(Runnable action) {
        return capture(action, System.out, System::setOut);
    }

    static String captureStderr(Runnable action) {
        return capture(action, System.err, System::setErr);
    }

    private static String capture(Runnable action, PrintStream original,
                                  java.util.function.Consumer<PrintStream> install) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        install.accept(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            install.accept(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
