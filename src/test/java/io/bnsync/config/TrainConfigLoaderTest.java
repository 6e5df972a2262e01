package io.bnsync.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.model.OptimizerKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigLoaderTest {
    @TempDir
    Path dir;

    @Test
    void projectDefaultsLoad() {
        TrainConfig c = TrainConfigLoader.load(null, Map.of(), Map.of());
        assertEquals("data/mnist", c.data());
        assertTrue(c.dataIsDefault());
        assertEquals(64, c.batchSize());
        assertEquals(OptimizerKind.ADADELTA, c.optimizer());
        assertEquals(1.0, c.learningRate());
        assertEquals(0.7, c.lrDecay());
        assertEquals(BnSync.EXACT, c.bnSync());
        assertEquals(Engine.ROUNDS, c.engine());
    }

    @Test
    void commandLineOverridesEnvironmentOverridesFile() {
        TrainConfig fromEnv = TrainConfigLoader.load(null, Map.of("epochs", "3"), Map.of("MNIST_DIR", "/m"));
        assertEquals("/m", fromEnv.data());
        assertFalse(fromEnv.dataIsDefault());
        assertEquals(3, fromEnv.epochs());
        TrainConfig fromCli = TrainConfigLoader.load(null, Map.of("data", "hdfs://x/m", "optimizer", "Adam",
                "bn-sync", "naive", "partitioning", "by-label", "engine", "dl4j-spark"), Map.of("MNIST_DIR", "/m"));
        assertEquals("hdfs://x/m", fromCli.data());
        assertEquals(OptimizerKind.ADAM, fromCli.optimizer());
        assertEquals(0.001, fromCli.learningRate());
        assertEquals(BnSync.NAIVE, fromCli.bnSync());
        assertEquals(Partitioning.BY_LABEL, fromCli.partitioning());
        assertEquals(Engine.DL4J_SPARK, fromCli.engine());
    }

    @Test
    void unknownKeyInFileIsNamedWithASuggestion() throws IOException {
        File f = write("train { epochs = 2\n batch-sise = 32 }");
        ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigLoader.load(f, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("'batch-sise'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'batch-size'"), e.getMessage());
    }

    @Test
    void invalidValuesNameTheKey() {
        assertMessage(Map.of("epochs", "0"), "epochs");
        assertMessage(Map.of("batch-size", "-5"), "batch-size");
        assertMessage(Map.of("workers", "two"), "workers");
        assertMessage(Map.of("bn-sync", "approx"), "bn-sync");
        assertMessage(Map.of("lr-decay", "1.5"), "lr-decay");
        assertMessage(Map.of("learning-rate", "0"), "learning-rate");
        assertMessage(Map.of("limit-train", "-1"), "limit-train");
    }

    @Test
    void workersAreAutoByDefaultOrAPositiveCount() {
        assertEquals(TrainConfig.AUTO_WORKERS, TrainConfigLoader.load(null, Map.of(), Map.of()).workers());
        assertEquals(TrainConfig.AUTO_WORKERS, TrainConfigLoader.load(null, Map.of("workers", "AUTO"), Map.of()).workers());
        assertEquals(3, TrainConfigLoader.load(null, Map.of("workers", "3"), Map.of()).workers());
        assertMessage(Map.of("workers", "0"), "workers");
        assertEquals("auto", TrainConfigLoader.load(null, Map.of(), Map.of()).asMap().get("workers"));
    }

    @Test
    void missingExplicitFileIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainConfigLoader.load(dir.resolve("nope.conf").toFile(), Map.of(), Map.of()));
        assertTrue(e.getMessage().contains("nope.conf"));
    }

    @Test
    void effectiveConfigUsesTheFileKeys() {
        TrainConfig c = TrainConfigLoader.load(null, Map.of("partitioning", "by-label"), Map.of());
        Map<String, Object> m = c.asMap();
        assertEquals("by-label", m.get("partitioning"));
        assertEquals(64, m.get("batch-size"));
        // Every key written is a key the loader accepts back.
        Map<String, String> back = new java.util.HashMap<>();
        m.forEach((k, v) -> back.put(k, String.valueOf(v)));
        assertEquals(c, TrainConfigLoader.load(null, back, Map.of()).withDataDefault(c.dataIsDefault()));
    }

    private void assertMessage(Map<String, String> overrides, String key) {
        ConfigException e = assertThrows(ConfigException.class, () -> TrainConfigLoader.load(null, overrides, Map.of()));
        assertTrue(e.getMessage().contains(key), e.getMessage());
    }

    private File write(String content) throws IOException {
        Path p = dir.resolve("train.conf");
        Files.writeString(p, content);
        return p.toFile();
    }
}
