package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.SyntheticMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One Worker JVM (with its executor) killed mid-training on a real standalone cluster: Spark
 * reschedules the lost tasks on the remaining executor, recomputes the lost cached shards from
 * lineage, and the job completes and learns as usual (synthetic digits).
 */
class WorkerFailureIT {
    private static final Path PROJECT = LocalStandaloneCluster.PROJECT;
    private static final Path DIGITS = SyntheticMnist.folder();
    private static final Path WORK = PROJECT.resolve("target/worker-failure-it");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void jobCompletesAfterAWorkerIsKilled() throws Exception {
        org.apache.commons.io.FileUtils.deleteDirectory(WORK.toFile());
        Files.createDirectories(WORK);
        Path sparkHome = LocalStandaloneCluster.prepareSparkHome(PROJECT.resolve("target/spark-home"));
        Path out = WORK.resolve("run");
        try (LocalStandaloneCluster cluster = new LocalStandaloneCluster(sparkHome, WORK)) {
            cluster.start(2, 1);
            ProcessBuilder pb = new ProcessBuilder(List.of(PROJECT.resolve("submit/standalone.sh").toString(),
                    "--master", cluster.masterUrl(), "--jar", PROJECT.resolve("target/bnsync-spark.jar").toString(),
                    "--conf", "spark.executor.cores=1", "--conf", "spark.task.cpus=1", "--conf", "spark.cores.max=2",
                    "--conf", "spark.executorEnv.OMP_NUM_THREADS=1", "--conf", "spark.executor.memory=2g",
                    "--conf", "spark.executor.memoryOverhead=2g", "--conf", "spark.driver.memory=2g",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                    "train", "--workers", "2", "--data", DIGITS.toString(), "--limit-train", "2000",
                    "--limit-test", "500", "--batch-size", "32", "--averaging-frequency", "4", "--out", out.toString()))
                    .redirectErrorStream(true).redirectOutput(WORK.resolve("submit.log").toFile());
            pb.environment().putAll(cluster.environment());
            Process submit = pb.start();
            try {
                awaitRounds(out, 3, submit);
                cluster.killWorker(1);
                assertTrue(submit.waitFor(10, TimeUnit.MINUTES), "spark-submit did not finish");
            } finally {
                submit.descendants().forEach(ProcessHandle::destroyForcibly);
                submit.destroyForcibly();
            }
            String log = Files.readString(WORK.resolve("submit.log"));
            assertEquals(0, submit.exitValue(), "spark-submit failed:\n" + log.substring(Math.max(0, log.length() - 4000)));
        } finally {
            BulkFiles.prune(WORK);
        }
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("test_accuracy").asDouble() >= 0.8, metrics.toString()); // synthetic digits; chance 0.1
        long rounds = Files.readAllLines(out.resolve("metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"round\"")).count();
        assertEquals(metrics.get("rounds").asLong(), rounds, "every round completed once");
    }

    private static void awaitRounds(Path run, int rounds, Process submit) throws Exception {
        Path metrics = run.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && submit.isAlive()) {
            if (Files.exists(metrics) && Files.readAllLines(metrics).stream()
                    .filter(l -> l.contains("\"type\":\"round\"")).count() >= rounds) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("training did not reach round " + rounds + ":\n"
                + Files.readString(WORK.resolve("submit.log")));
    }
}
