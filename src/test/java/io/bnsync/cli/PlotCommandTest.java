package io.bnsync.cli;

import static io.bnsync.cli.TrainCommandTest.captureStderr;
import static io.bnsync.cli.TrainCommandTest.captureStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.report.MetricsFixtures;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code plot} on synthetic run directories: no training needed. */
class PlotCommandTest {
    @TempDir
    Path dir;

    @Test
    void plotsAFinishedRunIncludingItsConfusionMatrix() throws IOException {
        Path run = runDirectory("run", 1e-3);
        Files.writeString(run.resolve("evaluation.json"), MetricsFixtures.report().toJson());
        String out = captureStdout(() -> assertEquals(ExitCode.OK, Main.run("plot", "--run", run.toString())));
        assertTrue(out.contains("confusion.png"), out);
        assertImage(run.resolve("loss.png"), 800, 500);
        assertImage(run.resolve("accuracy.png"), 800, 500);
        assertImage(run.resolve("bn-drift.png"), 800, 500);
        assertImage(run.resolve("confusion.png"), 600, 600);
    }

    @Test
    void withoutEvaluationJsonTheConfusionMatrixIsSkipped() throws IOException {
        Path run = runDirectory("run", 1e-3);
        captureStdout(() -> assertEquals(ExitCode.OK, Main.run("plot", "--run", run.toString())));
        assertImage(run.resolve("loss.png"), 800, 500);
        assertFalse(Files.exists(run.resolve("confusion.png")));
    }

    @Test
    void comparesTheDriftOfRuns() throws IOException {
        Path naive = runDirectory("naive", 1e-1);
        Path exact = runDirectory("exact", 1e-5);
        Path png = dir.resolve("plots/naive-vs-exact.png");
        captureStdout(() -> assertEquals(ExitCode.OK, Main.run("plot", "--compare", "naive=" + naive,
                "exact=" + exact, "--out", png.toString())));
        assertImage(png, 800, 500);
    }

    @Test
    void missingRunDirectoryExitsWithUsageErrorNamingIt() {
        Path missing = dir.resolve("no-such-run");
        String err = captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("plot", "--run", missing.toString())));
        assertTrue(err.contains("no-such-run"), err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
    }

    @Test
    void runDirectoryWithoutMetricsExitsWithUsageError() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        String err = captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("plot", "--run", empty.toString())));
        assertTrue(err.contains("metrics.jsonl"), err);
    }

    @Test
    void compareOfAMissingRunOrWithoutOutIsAUsageError() throws IOException {
        Path naive = runDirectory("naive", 1e-1);
        captureStderr(() -> {
            assertEquals(ExitCode.USAGE, Main.run("plot", "--compare", "naive=" + naive,
                    "exact=" + dir.resolve("missing"), "--out", dir.resolve("c.png").toString()));
            assertEquals(ExitCode.USAGE, Main.run("plot", "--compare", "naive=" + naive));
            assertEquals(ExitCode.USAGE, Main.run("plot", "--compare", naive.toString(), "--out", "c.png"));
            assertEquals(ExitCode.USAGE, Main.run("plot"));
        });
        assertFalse(Files.exists(dir.resolve("c.png")));
    }

    @Test
    void drawsFinalAccuracyAgainstWorkersOneLinePerSetting() throws IOException {
        Path png = dir.resolve("scaling/accuracy-vs-workers.png");
        String[] args = {"plot", "--accuracy-vs-workers", finishedRun("a", 1, 16, "iid", 0.99).toString(),
            finishedRun("b", 2, 16, "iid", 0.989).toString(), finishedRun("c", 2, 4, "iid", 0.988).toString(),
            finishedRun("d", 2, 16, "by-label", 0.97).toString(), "--out", png.toString()};
        String out = captureStdout(() -> assertEquals(ExitCode.OK, Main.run(args)));
        assertTrue(out.contains("accuracy-vs-workers.png"), out);
        assertImage(png, 800, 500);
    }

    @Test
    void twoRunsAtTheSamePointOrAnUnfinishedRunAreRefusedAndNothingIsDrawn() throws IOException {
        Path png = dir.resolve("c.png");
        Path one = finishedRun("one", 2, 16, "iid", 0.99);
        Path again = finishedRun("again", 2, 16, "iid", 0.98);
        Path unfinished = finishedRun("unfinished", 4, 16, "iid", 0.98);
        Files.delete(unfinished.resolve("metrics.json"));
        String twice = captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("plot", "--accuracy-vs-workers",
                one.toString(), again.toString(), "--out", png.toString())));
        assertTrue(twice.contains("two runs with 2 workers in the series \"K = 16\""), twice);
        String running = captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("plot", "--accuracy-vs-workers",
                one.toString(), unfinished.toString(), "--out", png.toString())));
        assertTrue(running.contains("unfinished: no metrics.json"), running);
        assertEquals(1, running.strip().lines().count(), "one line: " + running);
        captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("plot", "--accuracy-vs-workers", one.toString())));
        assertFalse(Files.exists(png));
    }

    /** A finished run as far as plot reads it: the recorded configuration and the final test accuracy. */
    private Path finishedRun(String name, int workers, int k, String partitioning, double accuracy)
            throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("config.json"), "{\"workers\": " + workers + ", \"averaging-frequency\": " + k
                + ", \"partitioning\": \"" + partitioning + "\"}");
        Files.writeString(run.resolve("metrics.json"), "{\"test_accuracy\": " + accuracy + "}");
        return run;
    }

    private Path runDirectory(String name, double drift) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.write(run.resolve("metrics.jsonl"), MetricsFixtures.lines(2, 5, drift, true));
        return run;
    }

    private static void assertImage(Path file, int width, int height) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertNotNull(image, file.toString());
        assertEquals(width, image.getWidth());
        assertEquals(height, image.getHeight());
    }
}
