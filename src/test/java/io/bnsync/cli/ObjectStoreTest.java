package io.bnsync.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.SeedNet;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data, runs and a model store on an S3 object store ({@code s3a://}, Hadoop's S3A client against S3Proxy on
 * 127.0.0.1), in local mode with two workers. The settings reach Spark as {@code spark.hadoop.fs.s3a.*}, as a user
 * gives them with {@code --conf}.
 */
class ObjectStoreTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private static LocalS3 s3;
    private static final List<String> PROPERTIES = new ArrayList<>();
    /** The settings README's "Object stores" gives for Parquet written to S3 (with spark-hadoop-cloud's jar). */
    static final Map<String, String> MAGIC_COMMITTER = Map.of(
            "spark.hadoop.fs.s3a.committer.name", "magic",
            "spark.hadoop.fs.s3a.committer.magic.enabled", "true",
            "spark.hadoop.mapreduce.outputcommitter.factory.scheme.s3a",
            "org.apache.hadoop.fs.s3a.commit.S3ACommitterFactory",
            "spark.sql.sources.commitProtocolClass", "org.apache.spark.internal.io.cloud.PathOutputCommitProtocol",
            "spark.sql.parquet.output.committer.class",
            "org.apache.spark.internal.io.cloud.BindingParquetOutputCommitter");

    @BeforeAll
    static void startS3() throws Exception {
        s3 = new LocalS3(dir);
        s3.start("bucket");
        s3.hadoopSettings().forEach((k, v) -> setProperty("spark.hadoop." + k, v));
        MAGIC_COMMITTER.forEach(ObjectStoreTest::setProperty);
        assertEquals(ExitCode.OK, Main.run("prepare", "--data", SyntheticMnist.folder().toString(),
                "--out", "s3a://bucket/digits", "--master", "local[2]"));
    }

    private static void setProperty(String key, String value) {
        System.setProperty(key, value);
        PROPERTIES.add(key);
    }

    @Test
    void prepareCommitsItsParquetThroughTheMagicCommitter() throws IOException {
        for (String split : List.of("train", "test")) {
            JsonNode success = JSON.readTree(read("s3a://bucket/digits/" + split + "/_SUCCESS"));
            assertEquals("magic", success.path("committer").asText(), success.toString());
        }
    }

    @AfterAll
    static void stopS3() {
        PROPERTIES.forEach(System::clearProperty);
        if (s3 != null) {
            s3.close();
        }
    }

    @Test
    void trainsFromS3IntoS3() throws IOException {
        String run = "s3a://bucket/runs/r1";
        assertEquals(ExitCode.OK, Main.run("train", "--data", "s3a://bucket/digits", "--workers", "2",
                "--limit-test", "500", "--master", "local[2]", "--out", run));
        JsonNode metrics = JSON.readTree(read(run + "/metrics.json"));
        assertEquals(2000, metrics.get("train_samples").asInt());
        assertTrue(metrics.get("test_accuracy").asDouble() >= TrainCommandTest.LEARNED, metrics.toString());
        assertEquals(SeedNet.TOTAL_PARAMS, ModelFiles.read(run + "/model.zip", conf()).numParams());
        assertTrue(read(run + "/metrics.jsonl").contains("\"type\":\"epoch\""));
    }

    @Test
    void pipelineKeepsItsModelStoreOnS3() throws IOException {
        String store = "s3a://bucket/stores/digits";
        String lock = dir.resolve("locks/digits").toString(); // S3 has no atomic create: the lock lives elsewhere
        List<String> pipeline = List.of("pipeline", "--store", store, "--lock", lock, "--data", "s3a://bucket/digits",
                "--workers", "2", "--holdout", "300", "--limit-train", "800", "--master", "local[2]");
        assertEquals(ExitCode.OK, Main.run(pipeline.toArray(String[]::new)));
        assertEquals("v000001", read(store + "/current").strip());
        int second = Main.run(pipeline.toArray(String[]::new));
        assertTrue(second == ExitCode.OK || second == ExitCode.NOT_PROMOTED, "exit " + second);
        assertTrue(read(store + "/v000002/provenance.json").contains("\"gate\""));
        if (second == ExitCode.NOT_PROMOTED) {
            assertEquals(ExitCode.OK, Main.run("models", "promote", "v000002", "--store", store, "--lock", lock));
        }
        assertEquals("v000002", read(store + "/current").strip());
        assertEquals(ExitCode.OK, Main.run("models", "rollback", "--store", store, "--lock", lock));
        assertEquals("v000001", read(store + "/current").strip());
        assertFalse(Files.exists(dir.resolve("locks/digits/.lock")), "released");
    }

    @Test
    void aStoreOnS3WithoutALockElsewhereIsRefusedBeforeAnyWork() throws IOException {
        String store = "s3a://bucket/stores/unlocked";
        String err = TrainCommandTest.captureStderr(() -> assertEquals(ExitCode.USAGE, Main.run("pipeline",
                "--store", store, "--data", "s3a://bucket/digits", "--holdout", "100", "--master", "local[2]")));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(err.startsWith("error: s3a://bucket/stores/unlocked: the model store's lock needs an atomic create"),
                err);
        assertTrue(err.contains("give --lock URI"), err);
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(store);
        assertFalse(path.getFileSystem(conf()).exists(path), "nothing written to the store");
        org.apache.hadoop.fs.Path other = new org.apache.hadoop.fs.Path("s3a://bucket/stores/other/current");
        try (var out = other.getFileSystem(conf()).create(other)) {
            out.write("v000001\n".getBytes(StandardCharsets.UTF_8));
        }
        String rollback = TrainCommandTest.captureStderr(() -> assertEquals(ExitCode.USAGE,
                Main.run("models", "rollback", "--store", "s3a://bucket/stores/other")));
        assertTrue(rollback.contains("give --lock URI"), rollback);
    }

    private static Configuration conf() {
        return SparkSessions.hadoopConfiguration();
    }

    private static String read(String uri) throws IOException {
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = path.getFileSystem(conf());
        try (InputStream in = fs.open(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
