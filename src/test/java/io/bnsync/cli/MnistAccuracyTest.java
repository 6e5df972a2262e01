package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.MnistFiles;
import io.bnsync.data.RealMnist;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Accuracy on the real MNIST (found as the product finds it: {@code MNIST_DIR}, else {@code data/mnist},
 * downloaded when missing; fails when neither works): a short local-mode run reaches 90 % with one worker
 * and with two workers on either engine, and the model file scores exactly what the run recorded.
 */
class MnistAccuracyTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void oneWorkerReachesNinetyPercentAndTheSavedModelScoresTheSame() throws IOException {
        Path mnist = RealMnist.folder();
        Path run = dir.resolve("run");
        assertEquals(ExitCode.OK, Main.run("train", "--data", mnist.toString(), "--limit-train", "2000",
                "--limit-test", "1000", "--epochs", "1", "--master", "local[2]", "--out", run.toString()));
        JsonNode metrics = JSON.readTree(run.resolve("metrics.json").toFile());
        assertTrue(metrics.get("test_accuracy").asDouble() >= 0.90, metrics.toString());
        Configuration conf = new Configuration();
        double reloaded = Evaluator.evaluate(ModelFiles.read(run.resolve("model.zip").toString(), conf),
                MnistFiles.load(mnist.toString(), MnistFiles.Split.TEST, conf).head(1000), 100).accuracy();
        assertEquals(metrics.get("test_accuracy").asDouble(), reloaded, 1e-12);
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"rounds", "dl4j-spark"})
    void twoWorkersReachNinetyPercentWithEitherEngine(String engine) throws IOException {
        Path out = dir.resolve("w2-" + engine);
        assertEquals(ExitCode.OK, Main.run("train", "--workers", "2", "--engine", engine,
                "--data", RealMnist.folder().toString(), "--limit-train", "4000", "--limit-test", "1000",
                "--epochs", "1", "--master", "local[2]", "--out", out.toString()));
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("test_accuracy").asDouble() >= 0.90, metrics.toString());
        assertEquals(4000, metrics.get("train_samples").asInt());
    }
}
