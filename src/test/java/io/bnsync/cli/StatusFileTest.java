package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --status-file}: the outcome a cluster-mode scheduler reads, written whatever the outcome. */
class StatusFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aDataErrorIsRecordedWithItsExitCodeAndMessage() throws IOException {
        Path status = dir.resolve("jobs/status.json");
        Path missing = dir.resolve("no-such-mnist");
        assertEquals(ExitCode.DATA, Main.run("train", "--data", missing.toString(), "--out",
                dir.resolve("run").toString(), "--master", "local[1]", "--status-file", status.toString()));
        JsonNode outcome = JSON.readTree(status.toFile());
        assertEquals("train", outcome.get("command").asText());
        assertEquals(ExitCode.DATA, outcome.get("exit_code").asInt());
        assertEquals(missing + ": no such folder", outcome.get("error").asText());
        assertTrue(outcome.get("finished_at").asText().endsWith("Z"), outcome.toString());
        assertTrue(Files.notExists(dir.resolve("run")), "nothing else written");
    }

    @Test
    void aBadOptionBeforeTheCommandIsRecordedToo() throws IOException {
        Path status = dir.resolve("status.json");
        assertEquals(ExitCode.USAGE, Main.run("--status-file", status.toString(), "train", "--epoch", "2"));
        JsonNode outcome = JSON.readTree(status.toFile());
        assertEquals("train", outcome.get("command").asText());
        assertEquals(ExitCode.USAGE, outcome.get("exit_code").asInt());
        assertTrue(outcome.get("error").asText().startsWith("Unknown options: '--epoch', '2'; did you mean --epochs?"),
                outcome.toString());
    }

    @Test
    void successIsRecordedWithoutAnError() throws IOException {
        Path status = Files.createDirectories(dir.resolve("status")).resolve("status.json");
        Files.writeString(status, "an older run's status\n");
        Path store = Files.createDirectories(dir.resolve("store"));
        assertEquals(ExitCode.OK, Main.run("models", "list", "--store", store.toString(),
                "--status-file", "file://" + status));
        JsonNode outcome = JSON.readTree(status.toFile());
        assertEquals(0, outcome.get("exit_code").asInt());
        assertTrue(outcome.get("error").isNull(), outcome.toString());
        try (var files = Files.list(status.getParent())) {
            assertEquals(1, files.count(), "no temp file left beside it");
        }
    }
}
