package io.bnsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.cli.Main;
import io.bnsync.data.SyntheticMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL mid-run and resumed from its checkpoint ends with the
 * same model as an uninterrupted run of the same configuration (guaranteed tolerance: parameters
 * equal within 1e-6 absolute).
 */
class CheckpointResumeIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final List<String> RUN = List.of("--data", SyntheticMnist.folder().toString(), "--limit-train", "1536",
            "--limit-test", "300", "--workers", "2", "--batch-size", "32", "--averaging-frequency", "2",
            "--epochs", "2", "--checkpoint-every", "2", "--master", "local[2]", "--progress-seconds", "1");

    @TempDir
    Path dir;

    @Test
    void killedRunResumesToTheUninterruptedModel() throws Exception {
        Path killed = dir.resolve("killed");
        Process training = start(killed);
        try {
            awaitCheckpointAtLeast(killed, 14, training);
        } finally {
            training.destroyForcibly(); // SIGKILL: no shutdown hooks, possibly mid-write
            training.waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(!Files.exists(killed.resolve("model.zip")), "the killed run must not have finished");

        assertEquals(0, Main.run("train", "--resume", killed.toString(), "--master", "local[2]"));

        Path whole = dir.resolve("uninterrupted");
        List<String> args = new ArrayList<>(List.of("train", "--out", whole.toString()));
        args.addAll(RUN);
        assertEquals(0, Main.run(args.toArray(String[]::new)));

        MultiLayerNetwork resumed = ModelSerializer.restoreMultiLayerNetwork(killed.resolve("model.zip").toFile(), true);
        MultiLayerNetwork reference = ModelSerializer.restoreMultiLayerNetwork(whole.resolve("model.zip").toFile(), true);
        double maxDiff = resumed.params().sub(reference.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-6, "resumed model differs from the uninterrupted one by " + maxDiff);
        assertEquals(reference.getIterationCount(), resumed.getIterationCount());

        List<String> lines = Files.readAllLines(killed.resolve("metrics.jsonl"));
        assertEquals(24, lines.stream().filter(l -> l.contains("\"type\":\"round\"")).count(), "each round once");
        assertEquals(2, lines.stream().filter(l -> l.contains("\"type\":\"epoch\"")).count(), "each epoch once");
    }

    private static Process start(Path out) throws IOException {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("submit/local.sh").toString(), "train",
                "--out", out.toString()));
        command.addAll(RUN);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(out.resolveSibling("killed.log").toFile());
        pb.environment().put("BNSYNC_HEAP", "3g");
        return pb.start();
    }

    private static void awaitCheckpointAtLeast(Path run, int round, Process training) throws Exception {
        Path latest = run.resolve("checkpoints/LATEST");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && training.isAlive()) {
            if (Files.exists(latest)) {
                String name = Files.readString(latest).strip();
                if (Integer.parseInt(name.substring("round-".length())) >= round) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint of round " + round + " appeared; log:\n"
                + Files.readString(run.resolveSibling("killed.log")));
    }
}
