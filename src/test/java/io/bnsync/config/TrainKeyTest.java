package io.bnsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * conf/train.conf and README's option list are rendered from {@link TrainKey}: when a row changes, these tests fail
 * and leave the rendered text in target/rendered/ to copy over.
 */
class TrainKeyTest {
    private static final Path RENDERED = Path.of("target", "rendered");

    @Test
    void trainConfIsTheTablesDefaultsFile() throws IOException {
        String expected = TrainKey.defaultsFile();
        String actual = Files.readString(Path.of(TrainConfigLoader.DEFAULT_FILE));
        if (!expected.equals(actual)) {
            Files.createDirectories(RENDERED);
            Files.writeString(RENDERED.resolve("train.conf"), expected);
        }
        assertEquals(expected, actual, "conf/train.conf differs from TrainKey.defaultsFile(): see target/rendered");
    }

    @Test
    void readmeListsEveryOptionAsTheTableSays() throws IOException {
        String table = TrainKey.markdownTable();
        if (!Files.readString(Path.of("README.md")).contains(table)) {
            Files.createDirectories(RENDERED);
            Files.writeString(RENDERED.resolve("train-options.md"), table);
            assertTrue(false, "README.md lacks TrainKey.markdownTable(): see target/rendered/train-options.md");
        }
    }

    @Test
    void theDefaultsLoadAndARunRecordsEveryKeyInTheTablesOrder() {
        TrainConfig config = TrainConfigLoader.load(null, Map.of(), Map.of());
        Map<String, Object> recorded = config.asMap();
        assertEquals(TrainKey.values().length, recorded.size());
        int i = 0;
        for (String key : recorded.keySet()) {
            TrainKey row = TrainKey.values()[i++];
            assertEquals(row.key(), key);
            String value = String.valueOf(recorded.get(key)).replaceAll("\\.0$", ""); // 5.0 -> 5, as written
            // "auto" is recorded resolved: the optimizer's default learning rate.
            assertEquals(row == TrainKey.LEARNING_RATE ? "1" : row.defaultValue(), value, "default of " + key);
        }
    }
}
