package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.RealMnist;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The shipped jar on a real Spark standalone cluster (Master + 2 Workers as separate JVMs on
 * 127.0.0.1), submitted through submit/standalone.sh in client and in cluster deploy mode.
 */
class StandaloneClusterIT {
    private static final Path PROJECT = LocalStandaloneCluster.PROJECT;
    private static final Path JAR = PROJECT.resolve("target/bnsync-spark.jar");
    private static final Path WORK = PROJECT.resolve("target/cluster-it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        deleteTree(WORK);
        Files.createDirectories(WORK);
        Path sparkHome = LocalStandaloneCluster.prepareSparkHome(PROJECT.resolve("target/spark-home"));
        cluster = new LocalStandaloneCluster(sparkHome, WORK);
        cluster.start(2, 2);
    }

    @AfterEach
    void pruneBulk() {
        if (cluster != null) {
            cluster.pruneWorkFolders();
        }
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void shippedJarHoldsNoSparkScalaHadoopOrForeignNatives() throws IOException {
        List<String> offenders = new ArrayList<>();
        try (ZipFile zip = new ZipFile(JAR.toFile())) {
            zip.stream().map(e -> e.getName()).filter(StandaloneClusterIT::forbidden).limit(20).forEach(offenders::add);
        }
        assertEquals(List.of(), offenders);
    }

    private static boolean forbidden(String entry) {
        boolean sparkClass = entry.startsWith("org/apache/spark/") && entry.endsWith(".class")
                && !entry.startsWith("org/apache/spark/TaskContextHelper"); // dl4j-spark's own helper
        boolean nativeLib = entry.matches(".*\\.(so(\\.[0-9]+)*|dll|dylib|jnilib|a)$");
        return sparkClass || entry.startsWith("scala/") || entry.startsWith("org/apache/hadoop/")
                || entry.startsWith("org/bytedeco/javacv") || entry.startsWith("org/bytedeco/opencv")
                || entry.startsWith("org/bytedeco/ffmpeg") || entry.startsWith("org/bytedeco/tesseract")
                || (nativeLib && !entry.matches(".*linux-x86[-_]64.*"));
    }

    @ParameterizedTest(name = "deploy mode {0}")
    @ValueSource(strings = {"client", "cluster"})
    void trainsWithTwoWorkersOnTheCluster(String deployMode) throws Exception {
        Path mnist = RealMnist.folder(); // the accuracy asserted is real MNIST's
        Path out = WORK.resolve("run-" + deployMode);
        String log = submit(deployMode, "submit-" + deployMode + ".log", "train", "--workers", "2", "--data",
                mnist.toString(), "--limit-train", "2000", "--limit-test", "1000", "--epochs", "1", "--out",
                out.toString());
        assertTrue(Files.exists(out.resolve("metrics.json")), "no metrics.json; submit log:\n" + tail(log));
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("test_accuracy").asDouble() >= 0.85, metrics.toString());
        assertEquals(2, metrics.get("workers").asInt());
        String appId = applicationIdOf(out);
        for (Path worker : cluster.workerDirs()) {
            assertTrue(ranTasks(worker.resolve(appId)), "no task of " + appId + " ran on " + worker);
        }
    }

    /**
     * {@code score} on the cluster's executors gives the predictions one JVM computes for the same model and
     * images: argmax bitwise equal, probabilities within 1e-6.
     */
    @Test
    void scoresOnTheExecutorsAsOneJvmPredicts() throws Exception {
        Path digits = io.bnsync.data.SyntheticMnist.folder();
        Path run = WORK.resolve("score-model");
        assertEquals(ExitCode.OK, Main.run("train", "--data", digits.toString(), "--limit-train", "500",
                "--limit-test", "100", "--master", "local[2]", "--out", run.toString()));
        Path parquet = WORK.resolve("digits-parquet");
        assertEquals(ExitCode.OK, Main.run("prepare", "--data", digits.toString(), "--out", parquet.toString(),
                "--master", "local[2]"));
        for (Path input : List.of(digits, parquet)) { // IDX and prepare's Parquet
            Path out = WORK.resolve("scored-" + input.getFileName());
            submit("client", "submit-score-" + input.getFileName() + ".log", "score", "--model",
                    run.resolve("model.zip").toString(), "--data", input.toString(), "--out", out.toString());
            assertScoredAsOneJvm(run, digits, out);
        }
    }

    private static void assertScoredAsOneJvm(Path run, Path digits, Path out) {
        io.bnsync.data.MnistDataset test = io.bnsync.data.MnistFiles.load(digits.toString(),
                io.bnsync.data.MnistFiles.Split.TEST, new org.apache.hadoop.conf.Configuration());
        double[][] expected = io.bnsync.model.DigitPredictions.probabilities(
                io.bnsync.model.ModelFiles.read(run.resolve("model.zip").toString(),
                        new org.apache.hadoop.conf.Configuration()), test);
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder().master("local[1]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            List<org.apache.spark.sql.Row> rows = spark.read().parquet(out.toString()).collectAsList();
            assertEquals(test.size(), rows.size());
            for (org.apache.spark.sql.Row r : rows) {
                int id = (int) r.getLong(r.fieldIndex("id"));
                assertEquals(io.bnsync.model.DigitPredictions.digit(expected[id]), r.getInt(r.fieldIndex("prediction")));
                List<Double> p = r.getList(r.fieldIndex("probability"));
                for (int c = 0; c < 10; c++) {
                    assertEquals(expected[id][c], p.get(c), 1e-6, "probability " + c + " of id " + id);
                }
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * The sliced merge (results cut into slices that reduce tasks merge: Spark's shuffle between the executor JVMs,
     * Kryo) and the pushed merge (state and results over the driver's own socket, the default) train bitwise the
     * model of the direct merge (state broadcast, every result to the driver as Spark's task result).
     */
    @Test
    void theSlicedAndPushedMergesTrainTheDirectMergesModelAcrossExecutorJvms() throws Exception {
        Path digits = io.bnsync.data.SyntheticMnist.folder();
        List<float[]> params = new ArrayList<>();
        for (String merge : List.of("direct", "sliced", "push")) {
            Path out = WORK.resolve("merge-" + merge);
            submit("client", "submit-merge-" + merge + ".log", List.of("--conf", "spark.bnsync.merge=" + merge),
                    "train", "--workers", "2", "--data", digits.toString(), "--limit-train", "1024", "--limit-test",
                    "200", "--averaging-frequency", "2", "--bn-recalibrate", "0", "--out", out.toString());
            params.add(io.bnsync.model.ModelFiles.read(out.resolve("model.zip").toString(),
                    new org.apache.hadoop.conf.Configuration()).params().toFloatVector());
        }
        assertArrayEquals(params.get(0), params.get(1), "sliced");
        assertArrayEquals(params.get(0), params.get(2), "push");
    }

    /** Runs a bnsync command through submit/standalone.sh on the cluster (two 1-core executors); returns its log. */
    private static String submit(String deployMode, String logName, String... bnsync) throws Exception {
        return submit(deployMode, logName, List.of(), bnsync);
    }

    private static String submit(String deployMode, String logName, List<String> ownOptions, String... bnsync)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("submit/standalone.sh").toString(),
                "--master", cluster.masterUrl(), "--deploy-mode", deployMode, "--jar", JAR.toString(),
                "--conf", "spark.executor.cores=1", "--conf", "spark.task.cpus=1", "--conf", "spark.cores.max=2",
                "--conf", "spark.executorEnv.OMP_NUM_THREADS=1", "--conf", "spark.executor.memory=2g",
                "--conf", "spark.executor.memoryOverhead=2g", "--conf", "spark.driver.memory=2g",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.ui.enabled=false",
                "--conf", "spark.standalone.submit.waitAppCompletion=true"));
        command.addAll(ownOptions);
        command.addAll(List.of(bnsync));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(WORK.resolve(logName).toFile());
        pb.environment().putAll(cluster.environment());
        Process submit = pb.start();
        try {
            assertTrue(submit.waitFor(8, TimeUnit.MINUTES), "spark-submit did not finish");
        } finally {
            submit.descendants().forEach(ProcessHandle::destroyForcibly);
            submit.destroyForcibly();
        }
        String log = Files.readString(WORK.resolve(logName));
        assertEquals(0, submit.exitValue(), "spark-submit failed:\n" + tail(log));
        return log;
    }

    /** The application id the run recorded (Spark's executors log under work-dir/APP_ID/EXECUTOR_ID). */
    private static String applicationIdOf(Path run) throws IOException {
        String id = JSON.readTree(run.resolve("metrics.json").toFile()).path("spark_application_id").asText();
        assertTrue(id.startsWith("app-"), "metrics.json lacks spark_application_id: " + id);
        return id;
    }

    private static boolean ranTasks(Path appDir) throws IOException {
        if (!Files.isDirectory(appDir)) {
            return false;
        }
        try (Stream<Path> files = Files.walk(appDir)) {
            return files.filter(p -> p.getFileName().toString().equals("stderr")).anyMatch(p -> {
                try {
                    return Files.readString(p).contains("Running task");
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    private static String tail(String log) {
        return log.length() > 4000 ? log.substring(log.length() - 4000) : log;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
