package io.bnsync.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.cli.LocalS3;
import io.bnsync.model.ModelFiles;
import io.bnsync.train.TrainingProgress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A pipeline run's writes to its model store — the version's files, two checkpoints, the seal, the switch of
 * {@code current}, pruning — cut short before each single change to the file system in turn, as a crash (SIGKILL,
 * power loss) would cut them, on a local disk, a real HDFS (MiniDFSCluster) and an S3 object store (S3Proxy). After
 * every cut a reader — {@code models list}, the gate, {@code train --resume} — sees only complete versions, a
 * checkpoint that restores, and {@code current} naming a complete version; and the next run, started on what the cut
 * left, completes.
 */
class StoreCrashTest {
    private static final int KEEP = 2;

    @TempDir
    static Path dir;
    private static MiniDFSCluster hdfs;
    private static LocalS3 s3;
    private static MultiLayerNetwork net;

    @BeforeAll
    static void start() throws Exception {
        Configuration conf = new Configuration();
        conf.set("dfs.client.block.write.locateFollowingBlock.initial.delay.ms", "10"); // close() polls the NameNode
        hdfs = new MiniDFSCluster.Builder(conf, dir.resolve("dfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
        s3 = new LocalS3(dir.resolve("s3"));
        s3.start("bucket");
        net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3).updater(new Adam(1e-3)).list()
                .layer(new DenseLayer.Builder().nIn(8).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(16).nOut(4)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
    }

    @AfterAll
    static void stop() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"file", "hdfs", "s3a"})
    void aCrashBeforeAnyChangeLeavesOnlyCompleteVersionsAndTheNextRunCompletes(String scheme) throws IOException {
        FileSystem fs = fileSystem(scheme);
        org.apache.hadoop.fs.Path root = new org.apache.hadoop.fs.Path(scheme.equals("file")
                ? dir.resolve("store").toUri().toString() : fs.getUri() + "/stores/crash");
        ModelStore store = new ModelStore(RunDirectory.on(fs, root));
        runPipelineWrites(store);
        List<String> cuts = new ArrayList<>();
        for (int cut = 0; ; cut++) {
            CrashingFileSystem crashing = new CrashingFileSystem(fs, cut);
            try {
                runPipelineWrites(new ModelStore(RunDirectory.on(crashing, root)));
            } catch (CrashingFileSystem.Crash expected) {
                // the state a crash before change number `cut` leaves
            }
            assertOnlyCompleteVersions(store, "after a crash before change " + cut);
            if (!crashing.crashed()) {
                break;
            }
            cuts.add(String.valueOf(cut));
            runPipelineWrites(store);
            assertOnlyCompleteVersions(store, "after the run that followed a crash before change " + cut);
        }
        assertTrue(cuts.size() >= 20, "the writes were cut at " + cuts.size() + " places only");
        assertEquals(KEEP, store.versions().size(), store.versions().toString());
        assertEquals(store.versions().get(KEEP - 1), store.current().orElseThrow());
    }

    /** The store's side of {@link PipelineRun#execute}, step by step, with a small network for the model. */
    private static void runPipelineWrites(ModelStore store) throws IOException {
        store.upgradeLayout();
        String version = store.nextVersion();
        RunDirectory stage = store.staging(version);
        stage.writeString("data.json", "{\"uri\":\"digits\"}\n");
        Checkpoints checkpoints = new Checkpoints(stage, 1);
        checkpoints.write(net, new TrainingProgress(1, 1, 1, 0.5, 32, 1.0));
        checkpoints.write(net, new TrainingProgress(1, 2, 2, 1.0, 64, 2.0));
        stage.write("model.zip", out -> ModelFiles.write(net, out));
        stage.writeString("metrics.json", "{\"test_accuracy\":0.9}\n");
        stage.writeString("provenance.json", "{\"version\":\"" + version + "\"}\n");
        store.publish(version);
        store.setCurrent(version, "promote", "test");
        store.prune(KEEP);
    }

    private static void assertOnlyCompleteVersions(ModelStore store, String when) throws IOException {
        List<String> versions = store.versions();
        for (String v : versions) {
            RunDirectory folder = store.root().child(v);
            for (String file : List.of("data.json", "metrics.json", "provenance.json")) {
                FolderManifest.readVerified(folder, file); // present, whole, as sealed
            }
            byte[] model = FolderManifest.readVerified(folder, "model.zip");
            assertArrayEquals(net.params().toFloatVector(), ModelSerializer.restoreMultiLayerNetwork(
                    new ByteArrayInputStream(model), false).params().toFloatVector(), when);
        }
        Optional<String> current = store.current();
        assertTrue(current.isPresent() && versions.contains(current.get()), when + ": current " + current
                + " is not one of " + versions);
        RunDirectory unsealed = store.root().child(store.nextVersion());
        if (unsealed.exists(Checkpoints.FOLDER + "/" + Checkpoints.LATEST)) {
            Checkpoints.Restored restored = Checkpoints.latest(unsealed);
            assertArrayEquals(net.params().toFloatVector(), restored.net().params().toFloatVector(), when);
        }
    }

    private static FileSystem fileSystem(String scheme) throws IOException {
        return switch (scheme) {
            case "file" -> FileSystem.getLocal(new Configuration()).getRaw();
            case "hdfs" -> hdfs.getFileSystem();
            case "s3a" -> {
                Configuration conf = new Configuration();
                s3.hadoopSettings().forEach(conf::set);
                yield FileSystem.newInstance(URI.create("s3a://bucket/"), conf);
            }
            default -> throw new IllegalArgumentException(scheme);
        };
    }
}
