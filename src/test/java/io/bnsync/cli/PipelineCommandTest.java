package io.bnsync.cli;

import static io.bnsync.cli.TrainCommandTest.DIGITS;
import static io.bnsync.cli.TrainCommandTest.captureStdout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scheduled-retraining contract: versions, warm start, gate, lock, promote and rollback. */
class PipelineCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    Path store;

    @BeforeEach
    void storeLocation() {
        store = dir.resolve("store");
    }

    private int pipeline(String... extra) {
        List<String> args = new ArrayList<>(List.of("pipeline", "--store", store.toString(), "--data", DIGITS.toString(),
                "--holdout", "300", "--master", "local[2]"));
        args.addAll(List.of(extra));
        return Main.run(args.toArray(String[]::new));
    }

    private static String[] concat(String[] a, String... b) {
        List<String> all = new ArrayList<>(List.of(a));
        all.addAll(List.of(b));
        return all.toArray(String[]::new);
    }

    private String current() throws IOException {
        return Files.readString(store.resolve("current")).strip();
    }

    @Test
    void twoRunsMakeTwoVersionsTheSecondWarmStartedAndGated() throws IOException {
        assertEquals(ExitCode.OK, pipeline("--limit-train", "800"));
        assertEquals("v000001", current());
        assertEquals(ExitCode.OK, pipeline("--limit-train", "800"));
        assertEquals("v000002", current());
        JsonNode provenance = JSON.readTree(store.resolve("v000002/provenance.json").toFile());
        assertTrue(provenance.get("warm_started_from").asText().endsWith("v000001/model.zip"), provenance.toString());
        assertTrue(provenance.get("gate").asText().contains("current"), provenance.toString());
        assertTrue(provenance.get("current_holdout_accuracy").isNumber());
        JsonNode data = JSON.readTree(store.resolve("v000002/data.json").toFile());
        assertEquals(64, data.get("sha256").get("t10k-images-idx3-ubyte.gz").asText().length());
        for (String f : List.of("model.zip", "metrics.json", "config.json", "provenance.json")) {
            assertTrue(Files.exists(store.resolve("v000002").resolve(f)), f);
        }
        assertFalse(Files.exists(store.resolve(".lock")), "lock released");
        String list = captureStdout(() -> assertEquals(ExitCode.OK, Main.run("models", "list", "--store", store.toString())));
        assertTrue(list.contains("*   v000002"), list);

        assertEquals(ExitCode.OK, Main.run("models", "rollback", "--store", store.toString()));
        assertEquals("v000001", current());
        assertEquals(ExitCode.OK, Main.run("models", "promote", "v000002", "--store", store.toString()));
        assertEquals("v000002", current());
        assertEquals(ExitCode.USAGE, Main.run("models", "promote", "v000009", "--store", store.toString()));
        assertEquals("v000002", current());
    }

    @Test
    void gateRefusesAWorseModelAndKeepsCurrentAndItsScores() throws IOException {
        Path scores = dir.resolve("scores");
        String[] scoring = {"--score-data", DIGITS.toString(), "--score-out", scores.toString()};
        assertEquals(ExitCode.OK, pipeline(concat(scoring, "--limit-train", "1500")));
        assertEquals("v000001", Files.readString(scores.resolve("LATEST")).strip());
        JsonNode scored = JSON.readTree(scores.resolve("v000001/_score.json").toFile());
        assertEquals("v000001", scored.get("model_version").asText());
        assertEquals(500, scored.get("images").asInt());
        byte[] published = Files.readAllBytes(store.resolve("v000001/model.zip"));
        // A fresh start on very little data is clearly worse than the published model.
        assertEquals(ExitCode.NOT_PROMOTED, pipeline(concat(scoring, "--limit-train", "64", "--workers", "1",
                "--warm-start", "false", "--learning-rate", "0.01")));
        assertEquals("v000001", current());
        assertEquals("v000001", Files.readString(scores.resolve("LATEST")).strip(), "scores refreshed only on promotion");
        assertFalse(Files.exists(scores.resolve("v000002")));
        assertTrue(Files.exists(store.resolve("v000002/model.zip")), "the refused version is kept for inspection");
        JsonNode provenance = JSON.readTree(store.resolve("v000002/provenance.json").toFile());
        assertFalse(provenance.get("promoted").asBoolean());
        assertTrue(java.util.Arrays.equals(published, Files.readAllBytes(store.resolve("v000001/model.zip"))));
    }

    @Test
    void aLiveLockRefusesASecondRunAndAStaleOneIsTakenOver() throws Exception {
        Files.createDirectories(store);
        long livePid = ProcessHandle.current().pid();
        String host = java.net.InetAddress.getLocalHost().getHostName();
        Files.writeString(store.resolve(".lock"), "{\"pid\":" + livePid + ",\"host\":\"" + host + "\"}");
        assertEquals(ExitCode.LOCKED, pipeline("--limit-train", "300"));
        assertFalse(Files.exists(store.resolve("current")));

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(store.resolve(".lock"), "{\"pid\":" + gone.pid() + ",\"host\":\"" + host + "\"}");
        String out = captureStdout(() -> assertEquals(ExitCode.OK, pipeline("--limit-train", "300")));
        assertTrue(out.contains("stale lock"), out);
        assertFalse(Files.exists(store.resolve(".lock")));
    }
}
