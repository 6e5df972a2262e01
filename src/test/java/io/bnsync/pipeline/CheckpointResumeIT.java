package io.bnsync.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.cli.LocalS3;
import io.bnsync.cli.Main;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.model.ModelFiles;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL mid-run and resumed from its checkpoint ends with the same model as an
 * uninterrupted run of the same configuration (guaranteed tolerance: parameters equal within 1e-6 absolute) — with
 * the run directory on a local disk, and on an S3 object store ({@code s3a://}, S3Proxy on 127.0.0.1). A scheduled
 * {@code pipeline} killed the same way is resumed by the next run, which publishes the version once.
 */
class CheckpointResumeIT {
    private static final Path PROJECT = Path.of("").toAbsolutePath();
    private static final List<String> RUN = List.of("--data", SyntheticMnist.folder().toString(), "--limit-train", "1536",
            "--limit-test", "300", "--workers", "2", "--batch-size", "32", "--averaging-frequency", "2",
            "--epochs", "2", "--checkpoint-every", "2", "--master", "local[2]", "--progress-seconds", "1");

    @TempDir
    static Path dir;
    private static MultiLayerNetwork reference;
    private static LocalS3 s3;
    private static final Map<String, String> S3_SETTINGS = new LinkedHashMap<>();

    @BeforeAll
    static void trainWithoutInterruption() {
        Path whole = dir.resolve("uninterrupted");
        List<String> args = new ArrayList<>(List.of("train", "--out", whole.toString()));
        args.addAll(RUN);
        assertEquals(0, Main.run(args.toArray(String[]::new)));
        reference = ModelFiles.read(whole.resolve("model.zip").toString(), new Configuration());
    }

    @AfterAll
    static void stopS3() {
        S3_SETTINGS.keySet().forEach(k -> System.clearProperty("spark.hadoop." + k));
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void killedRunResumesToTheUninterruptedModel() throws Exception {
        killAndResume(dir.resolve("killed").toUri().toString(), Map.of());
    }

    @Test
    void killedRunOnAnObjectStoreResumesToTheUninterruptedModel() throws Exception {
        s3 = new LocalS3(dir.resolve("s3"));
        s3.start("bucket");
        S3_SETTINGS.putAll(s3.hadoopSettings());
        S3_SETTINGS.forEach((k, v) -> System.setProperty("spark.hadoop." + k, v));
        String javaOpts = S3_SETTINGS.entrySet().stream().map(e -> "-Dspark.hadoop." + e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(" "));
        killAndResume("s3a://bucket/runs/killed", Map.of("BNSYNC_JAVA_OPTS", javaOpts,
                "BNSYNC_CLASSPATH", s3aJars()));
    }

    @Test
    void killedPipelineIsResumedByTheNextRunFromItsCheckpoint() throws Exception {
        Path store = dir.resolve("store");
        Path config = Files.writeString(dir.resolve("pipeline.conf"), "pipeline {\n  store = \"" + store
                + "\"\n  holdout = 300\n  warm-start = true\n  tolerance = 0.002\n  keep = 5\n  train {\n    epochs = 2\n    checkpoint-every = 2\n"
                + "    averaging-frequency = 2\n    batch-size = 32\n  }\n}\n");
        List<String> pipeline = List.of("pipeline", "--config", config.toString(), "--data",
                SyntheticMnist.folder().toString(), "--workers", "2", "--master", "local[2]");
        Path log = Files.createTempFile(dir, "pipeline", ".log");
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(PROJECT.resolve("submit/local.sh").toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.command().addAll(pipeline);
        pb.environment().put("BNSYNC_HEAP", "3g");
        Process killed = pb.start();
        try {
            awaitCheckpointAtLeast(store.resolve("v000001").toUri().toString(), 10, killed, log);
        } finally {
            killed.destroyForcibly();
            killed.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(Files.exists(store.resolve("current")), "the killed run must not have published");

        assertEquals(0, Main.run(pipeline.toArray(String[]::new)), "first version: promoted");
        assertEquals("v000001", Files.readString(store.resolve("current")).strip());
        assertTrue(Files.readString(store.resolve("v000001/provenance.json")).contains("\"resumed\":true"));
        assertFalse(Files.exists(store.resolve("v000001/checkpoints")), "checkpoints dropped once published");
        List<String> rounds = Files.readAllLines(store.resolve("v000001/metrics.jsonl")).stream()
                .filter(l -> l.contains("\"type\":\"round\"")).toList();
        assertEquals(rounds.stream().distinct().count(), rounds.size(), "each round once");
    }

    private static void killAndResume(String run, Map<String, String> env) throws Exception {
        Path log = Files.createTempFile(dir, "killed", ".log");
        Process training = start(run, env, log);
        try {
            awaitCheckpointAtLeast(run, 14, training, log);
        } finally {
            training.destroyForcibly(); // SIGKILL: no shutdown hooks, possibly mid-write
            training.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(exists(run + "/model.zip"), "the killed run must not have finished");

        assertEquals(0, Main.run("train", "--resume", run, "--master", "local[2]"));

        MultiLayerNetwork resumed = ModelFiles.read(run + "/model.zip", conf());
        double maxDiff = resumed.params().sub(reference.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-6, "resumed model differs from the uninterrupted one by " + maxDiff);
        assertEquals(reference.getIterationCount(), resumed.getIterationCount());

        List<String> lines = read(run + "/metrics.jsonl").lines().toList();
        assertEquals(24, lines.stream().filter(l -> l.contains("\"type\":\"round\"")).count(), "each round once");
        assertEquals(2, lines.stream().filter(l -> l.contains("\"type\":\"epoch\"")).count(), "each epoch once");
    }

    private static Process start(String out, Map<String, String> env, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(PROJECT.resolve("submit/local.sh").toString(), "train",
                "--out", out));
        command.addAll(RUN);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("BNSYNC_HEAP", "3g");
        pb.environment().putAll(env);
        return pb.start();
    }

    private static void awaitCheckpointAtLeast(String run, int round, Process training, Path log) throws Exception {
        String latest = run + "/checkpoints/LATEST";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline && training.isAlive()) {
            try {
                String name = read(latest).strip();
                if (Integer.parseInt(name.substring("round-".length())) >= round) {
                    return;
                }
            } catch (java.io.FileNotFoundException notYet) {
                // Not written yet — or, on S3Proxy's file-system store, being replaced: unlike S3, it answers 404
                // while it swaps an object's file, so a reader racing the writer may miss LATEST for a moment.
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no checkpoint of round " + round + " appeared; log:\n" + Files.readString(log));
    }

    /** hadoop-aws and the AWS SDK bundle, as this test JVM has them (test scope), for the child's class path. */
    private static String s3aJars() {
        String jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(p -> p.contains("hadoop-aws") || p.contains("aws-java-sdk-bundle"))
                .collect(Collectors.joining(File.pathSeparator));
        assertEquals(2, jars.split(File.pathSeparator).length, "hadoop-aws and the SDK bundle: " + jars);
        return jars;
    }

    private static Configuration conf() {
        Configuration conf = new Configuration();
        S3_SETTINGS.forEach(conf::set);
        return conf;
    }

    private static boolean exists(String uri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        return path.getFileSystem(conf()).exists(path);
    }

    private static String read(String uri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        try (InputStream in = path.getFileSystem(conf()).open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
