package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.model.ModelFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped jar on a real YARN with its data, runs and model store on a real HDFS (Hadoop's mini clusters on
 * 127.0.0.1: a ResourceManager and two NodeManagers launching container JVMs), submitted through
 * submit/yarn.sh unchanged, in client and cluster deploy mode. Synthetic digits: what is asserted is behaviour.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterIT {
    private static final Path PROJECT = LocalStandaloneCluster.PROJECT;
    private static final Path JAR = PROJECT.resolve("target/bnsync-spark.jar");
    private static final Path WORK = PROJECT.resolve("target/yarn-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path sparkHome;
    private static LocalYarnCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        org.apache.commons.io.FileUtils.deleteDirectory(WORK.toFile());
        org.apache.commons.io.FileUtils.deleteDirectory(LocalYarnCluster.testDataDir().toFile());
        Files.createDirectories(WORK);
        sparkHome = LocalStandaloneCluster.prepareSparkHome(PROJECT.resolve("target/spark-home"));
        cluster = new LocalYarnCluster(WORK);
        cluster.start(2, 6144, 4);
        // A path without a scheme is on the default file system (HDFS here): local files are named file://.
        Submission prepare = submit("prepare", "client", "prepare",
                "--data", SyntheticMnist.folder().toUri().toString(), "--out", cluster.hdfs("/data/digits"));
        assertEquals(0, prepare.exitCode(), prepare.log());
        cluster.pruneLocalFolders();
    }

    @AfterEach
    void pruneBulk() {
        if (cluster != null) {
            cluster.pruneLocalFolders();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Order(1)
    @ParameterizedTest(name = "deploy mode {0}")
    @ValueSource(strings = {"client", "cluster"})
    void trainsFromHdfsIntoHdfsInTwoExecutorContainers(String deployMode) throws Exception {
        String run = cluster.hdfs("/runs/" + deployMode);
        String status = cluster.hdfs("/status/" + deployMode + ".json");
        Submission train = submit("train-" + deployMode, deployMode, "train", "--workers", "2",
                "--data", cluster.hdfs("/data/digits"), "--limit-test", "500", "--out", run,
                "--status-file", status);
        assertEquals(0, train.exitCode(), train.log());
        JsonNode metrics = readJson(run + "/metrics.json");
        assertTrue(metrics.get("test_accuracy").asDouble() >= TrainCommandTest.LEARNED, metrics.toString());
        assertEquals(2000, metrics.get("train_samples").asInt());
        String app = metrics.get("spark_application_id").asText();
        assertEquals(FinalApplicationStatus.SUCCEEDED, cluster.finalStatus(app), cluster.diagnostics(app));
        assertEquals(1, cluster.attempts(app), "one application attempt");
        assertEquals(0, readJson(status).get("exit_code").asInt());
        MultiLayerNetwork model = ModelFiles.read(run + "/model.zip", cluster.configuration());
        assertEquals(io.bnsync.model.SeedNet.TOTAL_PARAMS, model.numParams());
        assertEquals(2, containersThatRanTasks(app), "tasks ran in two executor containers");
        assertTrue(cluster.containerFolders(app).stream().filter(c -> Files.isDirectory(c.resolve("javacpp-cache")))
                .count() >= 2, "JavaCPP's natives in the executor containers' own folders");
    }

    @Order(2)
    @Test
    void badDataFailsTheApplicationOnceAndTheStatusFileHoldsTheExitCode() throws Exception {
        String status = cluster.hdfs("/status/bad-data.json");
        Submission train = submit("bad-data", "cluster", "train", "--workers", "2",
                "--data", cluster.hdfs("/data/no-such-digits"), "--out", cluster.hdfs("/runs/bad-data"),
                "--status-file", status);
        assertNotEquals(0, train.exitCode(), "spark-submit must fail:\n" + train.log());
        String app = cluster.lastApplication();
        assertEquals(FinalApplicationStatus.FAILED, cluster.finalStatus(app));
        assertEquals(1, cluster.attempts(app), "a failed run is not retried");
        assertTrue(cluster.diagnostics(app).contains("exited with code 3"), cluster.diagnostics(app));
        JsonNode outcome = readJson(status);
        assertEquals(ExitCode.DATA, outcome.get("exit_code").asInt());
        assertTrue(outcome.get("error").asText().contains("no-such-digits"), outcome.toString());
        assertFalse(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(cluster.hdfs("/runs/bad-data"))));
    }

    @Order(3)
    @Test
    void pipelineKeepsItsModelStoreOnHdfs() throws Exception {
        String store = cluster.hdfs("/stores/digits");
        List<String> pipeline = List.of("pipeline", "--store", store, "--data", cluster.hdfs("/data/digits"),
                "--workers", "2", "--holdout", "300", "--limit-train", "1000");
        Submission first = submit("pipeline-1", "cluster", pipeline.toArray(String[]::new));
        assertEquals(0, first.exitCode(), first.log());
        assertEquals("v000001", readString(store + "/current").strip());
        Submission second = submit("pipeline-2", "client", pipeline.toArray(String[]::new));
        assertTrue(second.exitCode() == ExitCode.OK || second.exitCode() == ExitCode.NOT_PROMOTED, second.log());
        assertTrue(readJson(store + "/v000002/provenance.json").get("gate").asText().contains("current"));
        if (second.exitCode() == ExitCode.NOT_PROMOTED) {
            Submission promote = submit("promote", "client", "models", "promote", "v000002", "--store", store);
            assertEquals(0, promote.exitCode(), promote.log());
        }
        assertEquals("v000002", readString(store + "/current").strip());
        Submission rollback = submit("rollback", "client", "models", "rollback", "--store", store);
        assertEquals(0, rollback.exitCode(), rollback.log());
        assertEquals("v000001", readString(store + "/current").strip());
    }

    @Order(4)
    @Test
    void tooFewTaskSlotsForTheWorkersStopTheRunBeforeTraining() throws Exception {
        String run = cluster.hdfs("/runs/too-few-slots");
        Submission train = submit("too-few-slots", "client", List.of("--conf", "spark.executor.instances=1",
                "--conf", TaskSlots.WAIT_PROPERTY + "=20"), "train", "--workers", "2",
                "--data", cluster.hdfs("/data/digits"), "--out", run);
        assertEquals(ExitCode.USAGE, train.exitCode(), train.log());
        assertTrue(train.log().contains("error: --workers 2 needs 2 task slots but the application has 1"), train.log());
        assertFalse(cluster.fileSystem().exists(new org.apache.hadoop.fs.Path(run)), "nothing written");
    }

    @Order(5)
    @Test
    void aKilledExecutorContainerIsReplacedAndTheRunFinishes() throws Exception {
        String run = cluster.hdfs("/runs/executor-killed");
        Path log = WORK.resolve("executor-killed.log");
        Process submit = start(log, "client", List.of(), "train", "--workers", "2", "--data", cluster.hdfs("/data/digits"),
                "--limit-test", "500", "--batch-size", "32", "--averaging-frequency", "2", "--out", run);
        try {
            awaitRounds(run, 3, submit, log);
            List<ProcessHandle> executors = cluster.executors();
            assertEquals(2, executors.size(), "two executor JVMs before the kill");
            executors.get(0).destroyForcibly(); // SIGKILL, as when a node's container dies
            assertTrue(submit.waitFor(8, TimeUnit.MINUTES), "spark-submit did not finish");
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
        assertEquals(0, submit.exitValue(), tail(Files.readString(log)));
        JsonNode metrics = readJson(run + "/metrics.json");
        assertTrue(metrics.get("test_accuracy").asDouble() >= 0.8, metrics.toString()); // synthetic digits; chance 0.1
        long rounds = readString(run + "/metrics.jsonl").lines().filter(l -> l.contains("\"type\":\"round\"")).count();
        assertEquals(metrics.get("rounds").asLong(), rounds, "every round completed once");
    }

    private static void awaitRounds(String run, int rounds, Process submit, Path log) throws Exception {
        org.apache.hadoop.fs.Path metrics = new org.apache.hadoop.fs.Path(run + "/metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && submit.isAlive()) {
            if (cluster.fileSystem().exists(metrics) && readString(metrics.toString()).lines()
                    .filter(l -> l.contains("\"type\":\"round\"")).count() >= rounds) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("training did not reach round " + rounds + ":\n" + tail(Files.readString(log)));
    }

    /** Executor containers whose log shows a task run. */
    private static long containersThatRanTasks(String app) throws IOException {
        long n = 0;
        for (Path log : cluster.containerLogs(app)) {
            if (Files.readString(log).contains("Running task")) {
                n++;
            }
        }
        return n;
    }

    private record Submission(int exitCode, String log) {
    }

    /** Runs submit/yarn.sh with the test's small containers, waits, and returns its exit code and log. */
    static Submission submit(String name, String deployMode, String... bnsync) throws Exception {
        return submit(name, deployMode, List.of(), bnsync);
    }

    static Submission submit(String name, String deployMode, List<String> ownOptions, String... bnsync)
            throws Exception {
        Path log = WORK.resolve(name + ".log");
        Process submit = start(log, deployMode, ownOptions, bnsync);
        try {
            assertTrue(submit.waitFor(8, TimeUnit.MINUTES), "spark-submit did not finish: " + name);
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
        return new Submission(submit.exitValue(), tail(Files.readString(log)));
    }

    private static Process start(Path log, String deployMode, List<String> ownOptions, String... bnsync)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("submit/yarn.sh").toString(),
                "--deploy-mode", deployMode, "--jar", JAR.toString(), "--java-home", System.getProperty("java.home"),
                "--conf", "spark.yarn.jars=local:" + sparkHome.resolve("jars") + "/*",
                "--conf", "spark.executor.cores=1", "--conf", "spark.task.cpus=1",
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1",
                "--conf", "spark.executor.memory=1g", "--conf", "spark.executor.memoryOverhead=1g",
                "--conf", "spark.driver.memory=1g", "--conf", "spark.driver.memoryOverhead=1g",
                "--conf", "spark.yarn.am.memory=512m",
                "--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.ui.enabled=false"));
        command.addAll(ownOptions);
        command.addAll(List.of(bnsync));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(cluster.environment());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        return pb.start();
    }

    private static String tail(String text) {
        return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
    }

    private static JsonNode readJson(String uri) throws IOException {
        return JSON.readTree(readString(uri));
    }

    private static String readString(String uri) throws IOException {
        FileSystem fs = cluster.fileSystem();
        try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(uri))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
