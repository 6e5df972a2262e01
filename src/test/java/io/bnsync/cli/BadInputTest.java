package io.bnsync.cli;

import static io.bnsync.cli.TrainCommandTest.DIGITS;
import static io.bnsync.cli.TrainCommandTest.captureStderr;
import static io.bnsync.data.IdxFixtures.IMAGES_MAGIC;
import static io.bnsync.data.IdxFixtures.LABELS_MAGIC;
import static io.bnsync.data.IdxFixtures.idx;
import static io.bnsync.data.IdxFixtures.labels;
import static io.bnsync.data.IdxFixtures.pixels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bnsync.data.IdxFixtures;
import io.bnsync.data.MnistFiles;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.SeedNet;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * Bad input, end to end through {@link Main#run}: every case must end with exactly one stderr line
 * {@code error: ...} naming the offending file, option or key, the documented exit code, and nothing
 * written (the --out folder never appears; pre-existing folders and stores stay byte-identical).
 * docs/RELIABILITY.md lists every case with the message observed.
 */
class BadInputTest {
    private static final String TRAIN_IMAGES = MnistFiles.TRAIN_IMAGES + ".gz";
    private static final String TRAIN_LABELS = MnistFiles.TRAIN_LABELS + ".gz";
    private static final String TEST_IMAGES = MnistFiles.TEST_IMAGES + ".gz";
    private static final String TEST_LABELS = MnistFiles.TEST_LABELS + ".gz";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final StructType PARQUET_SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("label", DataTypes.IntegerType, false)
            .add("image", DataTypes.BinaryType, false);

    /** Models shared by the model cases (only read). */
    @TempDir
    static Path models;
    static Path seedModel;
    static Path otherArchitecture;
    static Path graphModel;
    static Path randomBytes;
    static Path textFile;
    static Path zipWithoutModel;

    /** Everything a case may touch lives here, so "nothing written" is a snapshot comparison. */
    @TempDir
    Path dir;
    Path out;

    @BeforeAll
    static void models() throws IOException {
        // Spark sets up its logging on first use, bound to the System.err of that moment: not a captured one.
        SparkSession.builder().appName("bad-input-warm-up").master("local[1]").config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1").getOrCreate().stop();
        seedModel = models.resolve("seed.zip");
        try (OutputStream o = Files.newOutputStream(seedModel)) {
            ModelFiles.write(SeedNet.create(1, new Adam(1e-3)), o);
        }
        otherArchitecture = models.resolve("dense.zip");
        ModelSerializer.writeModel(denseNet(), otherArchitecture.toFile(), true);
        graphModel = models.resolve("graph.zip");
        ModelSerializer.writeModel(graphNet(), graphModel.toFile(), true);
        randomBytes = models.resolve("random.zip");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(randomBytes, noise);
        textFile = models.resolve("notes.txt");
        Files.writeString(textFile, "this is not a model\n");
        zipWithoutModel = models.resolve("readme.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(zipWithoutModel))) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("a zip, but no DL4J model in it".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    @BeforeEach
    void outputLocation() {
        out = dir.resolve("run");
    }

    // ---------------------------------------------------------------- data: folder and files (exit 3)

    @Test
    void dataFolderThatDoesNotExist() {
        Path missing = dir.resolve("no-such-mnist");
        String line = refusedTrain(ExitCode.DATA, List.of(missing.toString(), "no such folder"),
                "--data", missing.toString());
        assertTrue(line.endsWith(": no such folder"), line);
    }

    @Test
    void dataPointingAtAFileInsteadOfAFolder() throws IOException {
        Path file = Files.copy(DIGITS.resolve(TRAIN_IMAGES), dir.resolve(TRAIN_IMAGES));
        refusedTrain(ExitCode.DATA, List.of(file.toString(), "not a folder"), "--data", file.toString());
    }

    @Test
    void emptyDataFolder() throws IOException {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        refusedTrain(ExitCode.DATA, List.of(empty.toString(), "missing " + MnistFiles.TRAIN_IMAGES),
                "--data", empty.toString());
    }

    @Test
    void labelsFileMissing() throws IOException {
        Path data = goodCopy();
        Files.delete(data.resolve(TRAIN_LABELS));
        refusedTrain(ExitCode.DATA, List.of(data.toString(), "missing " + MnistFiles.TRAIN_LABELS),
                "--data", data.toString());
    }

    @Test
    void testSplitMissingFromAnOtherwiseGoodFolder() throws IOException {
        Path data = goodCopy();
        Files.delete(data.resolve(TEST_IMAGES));
        refusedTrain(ExitCode.DATA, List.of(data.toString(), "missing " + MnistFiles.TEST_IMAGES),
                "--data", data.toString());
    }

    @Test
    void emptyImagesFile() throws IOException {
        Path data = goodCopy();
        Files.write(data.resolve(TRAIN_IMAGES), new byte[0]);
        refusedTrain(ExitCode.DATA, List.of(TRAIN_IMAGES, "empty file"), "--data", data.toString());
    }

    @Test
    void truncatedGzip() throws IOException {
        Path data = goodCopy();
        byte[] whole = Files.readAllBytes(data.resolve(TRAIN_LABELS));
        Files.write(data.resolve(TRAIN_LABELS), Arrays.copyOf(whole, whole.length / 2));
        refusedTrain(ExitCode.DATA, List.of(TRAIN_LABELS, "truncated or corrupt gzip"), "--data", data.toString());
    }

    @Test
    void corruptGzipBytes() throws IOException {
        Path data = goodCopy();
        byte[] bytes = Files.readAllBytes(data.resolve(TRAIN_LABELS));
        for (int i = bytes.length / 3; i < bytes.length / 3 + 64; i++) {
            bytes[i] = (byte) ~bytes[i];
        }
        Files.write(data.resolve(TRAIN_LABELS), bytes);
        refusedTrain(ExitCode.DATA, List.of(TRAIN_LABELS, "corrupt gzip"), "--data", data.toString());
    }

    @Test
    void corruptTestSplitIsNamedToo() throws IOException {
        Path data = goodCopy();
        byte[] whole = Files.readAllBytes(data.resolve(TEST_LABELS));
        Files.write(data.resolve(TEST_LABELS), Arrays.copyOf(whole, 100));
        refusedTrain(ExitCode.DATA, List.of(TEST_LABELS, "truncated or corrupt gzip"), "--data", data.toString());
    }

    @Test
    void htmlErrorPageSavedUnderTheGzipName() throws IOException {
        Path data = goodCopy();
        Files.writeString(data.resolve(TRAIN_IMAGES), "<!DOCTYPE html><html><body>404 Not Found</body></html>\n");
        refusedTrain(ExitCode.DATA, List.of(TRAIN_IMAGES, "wrong magic number 0x3c21444f, expected 0x00000803"),
                "--data", data.toString());
    }

    @Test
    void imagesAndLabelsSwapped() throws IOException {
        Path data = goodCopy();
        Path images = data.resolve(TRAIN_IMAGES);
        Path labels = data.resolve(TRAIN_LABELS);
        Path aside = data.resolve("aside");
        Files.move(images, aside);
        Files.move(labels, images);
        Files.move(aside, labels);
        refusedTrain(ExitCode.DATA, List.of(TRAIN_IMAGES, "wrong magic number 0x00000801, expected 0x00000803"),
                "--data", data.toString());
    }

    @Test
    void headerCountLargerThanTheData() throws IOException {
        Path data = synthetic(300, 100);
        writeGz(data, TRAIN_LABELS, idx(LABELS_MAGIC, new int[] {301}, labels(300)));
        refusedTrain(ExitCode.DATA, List.of(TRAIN_LABELS, "truncated: header says 301 labels"),
                "--data", data.toString());
    }

    @Test
    void moreDataThanTheHeaderCount() throws IOException {
        Path data = synthetic(300, 100);
        writeGz(data, TRAIN_IMAGES, idx(IMAGES_MAGIC, new int[] {299, 28, 28}, pixels(300)));
        refusedTrain(ExitCode.DATA, List.of(TRAIN_IMAGES, "trailing data: header says 299 images"),
                "--data", data.toString());
    }

    @Test
    void implausibleNegativeHeaderCount() throws IOException {
        Path data = synthetic(300, 100);
        writeGz(data, TRAIN_LABELS, idx(LABELS_MAGIC, new int[] {-5}, labels(300)));
        refusedTrain(ExitCode.DATA, List.of(TRAIN_LABELS, "implausible header: -5 labels"),
                "--data", data.toString());
    }

    @Test
    void imageAndLabelCountsDiffer() throws IOException {
        Path data = synthetic(300, 100);
        writeGz(data, TRAIN_LABELS, idx(LABELS_MAGIC, new int[] {299}, labels(299)));
        refusedTrain(ExitCode.DATA, List.of(data.toString(), "300 images but 299 labels"),
                "--data", data.toString());
    }

    @Test
    void labelOutsideZeroToNine() throws IOException {
        Path data = synthetic(300, 100);
        byte[] labels = labels(300);
        labels[5] = 11;
        writeGz(data, TRAIN_LABELS, idx(LABELS_MAGIC, new int[] {300}, labels));
        refusedTrain(ExitCode.DATA, List.of(TRAIN_LABELS, "label 11 at index 5 is outside 0-9"),
                "--data", data.toString());
    }

    @Test
    void imagesThatAreNot28By28() throws IOException {
        Path data = synthetic(300, 100);
        writeGz(data, TRAIN_IMAGES, idx(IMAGES_MAGIC, new int[] {300, 27, 28}, new byte[300 * 27 * 28]));
        refusedTrain(ExitCode.DATA, List.of(TRAIN_IMAGES, "images are 27x28, expected 28x28"),
                "--data", data.toString());
    }

    @Test
    void parquetFolderMissingTheImageColumn() {
        Path parquet = dir.resolve("parquet");
        StructType noImage = new StructType()
                .add("id", DataTypes.LongType, false)
                .add("label", DataTypes.IntegerType, false);
        writeParquet(parquet, noImage, (train, id, label) -> RowFactory.create(id, label));
        refusedTrain(ExitCode.DATA, List.of(parquet.resolve("train").toString(), "missing column 'image'"),
                "--data", parquet.toString());
    }

    @Test
    void parquetTrainSplitWithALabelOutsideZeroToNine() {
        Path parquet = dir.resolve("parquet");
        writeParquet(parquet, PARQUET_SCHEMA, (train, id, label) -> RowFactory.create(id, train && id == 7 ? 12 : label, new byte[784]));
        refusedTrain(ExitCode.DATA, List.of(parquet.resolve("train").toString(), "label 12 of row id 7 is outside 0-9"),
                "--data", parquet.toString());
    }

    @Test
    void parquetTrainSplitWithAnImageOfTheWrongSize() {
        Path parquet = dir.resolve("parquet");
        writeParquet(parquet, PARQUET_SCHEMA,
                (train, id, label) -> RowFactory.create(id, label, new byte[train && id == 9 ? 783 : 784]));
        refusedTrain(ExitCode.DATA, List.of(parquet.resolve("train").toString(),
                "image of row id 9 has 783 bytes, expected 784"), "--data", parquet.toString());
    }

    @Test
    void parquetFolderThatPrepareDidNotFinish() throws IOException {
        Path parquet = dir.resolve("parquet");
        writeParquet(parquet, PARQUET_SCHEMA, (train, id, label) -> RowFactory.create(id, label, new byte[784]));
        Files.writeString(parquet.resolve("_PREPARE"), "writing\n"); // prepare's marker before its last split
        refusedTrain(ExitCode.DATA, List.of(parquet.toString(), "prepare did not finish writing this folder",
                "delete it and run prepare again"), "--data", parquet.toString());
    }

    // ---------------------------------------------------------------- options and config (exit 2)

    @Test
    void zeroEpochs() {
        String line = refusedTrain(ExitCode.USAGE, List.of("epochs"), "--epochs", "0");
        assertEquals("error: invalid value 0 for epochs: must be a positive integer", line);
    }

    @Test
    void negativeBatchSize() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value -1 for batch-size"), "--batch-size", "-1");
    }

    @Test
    void zeroWorkers() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value 0 for workers"), "--workers", "0");
    }

    @Test
    void negativeLimitTrain() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value -5 for limit-train", "0 or more"), "--limit-train", "-5");
    }

    @Test
    void epochsNotANumber() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value 'abc' for epochs", "expected an integer"),
                "--epochs", "abc");
    }

    @Test
    void seedNotANumber() {
        String line = refusedTrain(ExitCode.USAGE, List.of("seed"), "--seed", "forty-two");
        assertEquals("error: invalid value 'forty-two' for seed: expected an integer", line);
    }

    @Test
    void negativeLearningRate() {
        refusedTrain(ExitCode.USAGE, List.of("learning-rate", "must be a positive number"), "--learning-rate", "-0.1");
    }

    @Test
    void learningRateDecayAboveOne() {
        refusedTrain(ExitCode.USAGE, List.of("lr-decay", "(0, 1]"), "--lr-decay", "1.5");
    }

    @Test
    void unknownBnSyncMode() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value 'foo' for bn-sync", "exact", "naive"), "--bn-sync", "foo");
    }

    @Test
    void unknownEngine() {
        refusedTrain(ExitCode.USAGE, List.of("engine", "rounds", "dl4j-spark"), "--engine", "spark");
    }

    @Test
    void mistypedCommandLineOption() {
        String line = refusedTrain(ExitCode.USAGE, List.of("--epoch"), "--epoch", "2");
        assertTrue(line.contains("--epochs"), "suggests the right spelling: " + line);
    }

    @Test
    void unknownKeyInConfigFile() throws IOException {
        Path conf = Files.writeString(dir.resolve("my.conf"), "train {\n  epoch = 2\n}\n");
        String line = refusedTrain(ExitCode.USAGE, List.of("unknown config key 'epoch'", conf.toString()),
                "--config", conf.toString());
        assertTrue(line.contains("did you mean 'epochs'?"), line);
    }

    @Test
    void emptyDataOption() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value '' for data"), "--data", "");
    }

    @Test
    void sparkMasterThatIsNotAUrl() {
        String line = refusedTrain(ExitCode.USAGE, List.of("--master"), "--master", "locl[2]");
        assertTrue(line.startsWith("error: invalid value 'locl[2]' for --master"), line);
    }

    @Test
    void sparkMasterWithAnUnknownScheme() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value 'sprak://127.0.0.1:7077' for --master"),
                "--master", "sprak://127.0.0.1:7077");
    }

    @Test
    void mergeSettingThatDoesNotExist() {
        System.setProperty("spark.bnsync.merge", "tree"); // as spark-submit's --conf spark.bnsync.merge=tree
        try {
            refusedTrain(ExitCode.USAGE, List.of("invalid value 'tree' for spark.bnsync.merge"));
        } finally {
            System.clearProperty("spark.bnsync.merge");
        }
    }

    @Test
    void endpointPortThatIsNotAPort() {
        System.setProperty("spark.bnsync.endpoint.port", "70000");
        try {
            refusedTrain(ExitCode.USAGE, List.of("invalid value '70000' for spark.bnsync.endpoint.port: expected a port"
                    + " number from 0 (any free port) to 65535"));
        } finally {
            System.clearProperty("spark.bnsync.endpoint.port");
        }
    }

    @Test
    void endpointPortThatIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            System.setProperty("spark.bnsync.endpoint.port", String.valueOf(taken.getLocalPort()));
            refused(ExitCode.USAGE, List.of("cannot listen for the tasks' pulls and pushes on 127.0.0.1:"
                    + taken.getLocalPort() + ": Address already in use (spark.bnsync.endpoint.port)"), trainArgs());
        } finally {
            System.clearProperty("spark.bnsync.endpoint.port");
        }
    }

    @Test
    void sparkMasterThatSparkCannotParse() {
        refusedTrain(ExitCode.USAGE, List.of("invalid value 'local-cluster[two]' for --master",
                "Could not parse Master URL"), "--master", "local-cluster[two]");
    }

    @Test
    void configFileThatDoesNotExist() {
        Path conf = dir.resolve("missing.conf");
        refusedTrain(ExitCode.USAGE, List.of(conf.toString(), "config file not found"), "--config", conf.toString());
    }

    @Test
    void configFileWithASyntaxError() throws IOException {
        Path conf = Files.writeString(dir.resolve("broken.conf"), "train {\n  epochs = [1\n");
        refusedTrain(ExitCode.USAGE, List.of("broken.conf"), "--config", conf.toString());
    }

    @Test
    void configFileWithOnlySomeKeys() throws IOException {
        Path conf = Files.writeString(dir.resolve("short.conf"), "train {\n  epochs = 2\n}\n");
        String line = refusedTrain(ExitCode.USAGE, List.of(conf.toString(), "missing keys 'batch-size', 'seed'"),
                "--config", conf.toString());
        // data, limit-train and limit-test come from the command line here; every other key is named.
        assertEquals("error: " + conf + ": missing keys 'batch-size', 'seed', 'optimizer', 'learning-rate', "
                + "'lr-decay', 'workers', 'averaging-frequency', 'bn-sync', 'engine', 'partitioning', 'bn-recalibrate', "
                + "'progress-seconds', 'checkpoint-every' in section 'train'", line);
    }

    @Test
    void configFileWithoutTheTrainSection() throws IOException {
        Path conf = Files.writeString(dir.resolve("flat.conf"), "epochs = 2\n");
        refusedTrain(ExitCode.USAGE, List.of(conf.toString(), "missing section 'train'"), "--config", conf.toString());
    }

    @Test
    void batchSizeLargerThanAShard() {
        refusedTrain(ExitCode.USAGE, List.of("batch-size 5000", "smallest shard (500 images with 2 workers)"),
                "--batch-size", "5000", "--limit-train", "1000", "--workers", "2");
    }

    @Test
    void moreWorkersThanSamples() {
        refusedTrain(ExitCode.USAGE, List.of("workers (10) exceed the training samples (5)"),
                "--workers", "10", "--limit-train", "5");
    }

    @Test
    void moreWorkersThanSamplesWithTheDl4jSparkEngine() {
        refusedTrain(ExitCode.USAGE, List.of("workers (10) exceed the training samples (5)"),
                "--workers", "10", "--limit-train", "5", "--engine", "dl4j-spark");
    }

    @Test
    void batchSizeLargerThanTheSmallestOfSkewedShards() {
        // skewed: shard w holds a share proportional to w + 1, so 1000 images over 4 workers give 100..400.
        refusedTrain(ExitCode.USAGE, List.of("batch-size 128", "smallest shard (100 images with 4 workers)"),
                "--partitioning", "skewed", "--workers", "4", "--limit-train", "1000", "--batch-size", "128");
    }

    @Test
    void skewedShardsLeavingTheFirstWorkerWithoutData() {
        refusedTrain(ExitCode.USAGE, List.of("partitioning leaves worker 0 without data (40 samples, 10 workers)"),
                "--partitioning", "skewed", "--workers", "10", "--limit-train", "40");
    }

    // ---------------------------------------------------------------- output location (exit 2)

    @Test
    void outIsAnExistingFile() throws IOException {
        Path file = Files.writeString(dir.resolve("results.txt"), "keep me");
        refusedTrain(ExitCode.USAGE, List.of("results.txt", "exists and is a file"), "--out", file.toString());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void outBelowAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("results.txt"), "keep me");
        Path below = file.resolve("run");
        refusedTrain(ExitCode.USAGE, List.of("results.txt"), "--out", below.toString());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void outUnderAReadOnlyFolder() throws IOException {
        Path readOnly = Files.createDirectories(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(Files.isWritable(readOnly), "running as root: a 555 folder is still writable");
            Path target = readOnly.resolve("run");
            refusedTrain(ExitCode.USAGE, List.of(readOnly.toString()), "--out", target.toString());
            assertFalse(Files.exists(target));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void outIsANonEmptyRunDirectory() throws IOException {
        Files.createDirectories(out);
        Files.writeString(out.resolve("metrics.json"), "{\"test_accuracy\": 0.99}\n");
        refusedTrainKeepingOut(ExitCode.USAGE, List.of("run directory is not empty", "--overwrite"));
    }

    // ---------------------------------------------------------------- resume (exit 2)

    @Test
    void resumeAFolderThatDoesNotExist() {
        Path missing = dir.resolve("no-such-run");
        refused(ExitCode.USAGE, List.of(missing.toString(), "no such run directory"),
                "train", "--resume", missing.toString(), "--master", "local[2]");
    }

    @Test
    void resumeAFolderWithoutConfigJson() throws IOException {
        Path notARun = Files.createDirectories(dir.resolve("photos"));
        Files.writeString(notARun.resolve("cat.txt"), "meow");
        refused(ExitCode.USAGE, List.of("photos", "no config.json"),
                "train", "--resume", notARun.toString(), "--master", "local[2]");
    }

    @Test
    void resumeARunWithoutCheckpoints() throws IOException {
        Path run = recordedRun("finished");
        refused(ExitCode.USAGE, List.of("finished", "no checkpoint to resume from", "--checkpoint-every"),
                "train", "--resume", run.toString(), "--master", "local[2]");
    }

    @Test
    void resumeWhenLatestNamesACheckpointThatIsGone() throws IOException {
        Path run = recordedRun("interrupted");
        Files.createDirectories(run.resolve("checkpoints"));
        Files.writeString(run.resolve("checkpoints/LATEST"), "round-000010\n");
        refused(ExitCode.USAGE, List.of("round-000010", "checkpoint unreadable"),
                "train", "--resume", run.toString(), "--master", "local[2]");
    }

    @Test
    void resumeWithTrainingOptions() throws IOException {
        Path run = recordedRun("interrupted");
        refused(ExitCode.USAGE, List.of("--resume", "--epochs"),
                "train", "--resume", run.toString(), "--epochs", "3", "--master", "local[2]");
    }

    // ---------------------------------------------------------------- models (exit 4)

    @Test
    void evaluateAModelThatDoesNotExist() {
        Path missing = dir.resolve("model.zip");
        refusedEvaluate(ExitCode.MODEL, List.of(missing.toString(), "no such model file"), missing);
    }

    @Test
    void evaluateRandomBytes() {
        refusedEvaluate(ExitCode.MODEL, List.of(randomBytes.toString(), "not a readable DL4J model"), randomBytes);
    }

    @Test
    void evaluateATextFile() {
        refusedEvaluate(ExitCode.MODEL, List.of(textFile.toString(), "not a readable DL4J model"), textFile);
    }

    @Test
    void evaluateAZipWithoutAModel() {
        refusedEvaluate(ExitCode.MODEL, List.of(zipWithoutModel.toString(), "not a readable DL4J model"),
                zipWithoutModel);
    }

    @Test
    void evaluateAModelPathThatIsAFolder() {
        refusedEvaluate(ExitCode.MODEL, List.of(models.toString(), "not a readable DL4J model"), models);
    }

    @Test
    void evaluateAModelOfAnotherArchitecture() {
        refusedEvaluate(ExitCode.MODEL, List.of(otherArchitecture.toString(), "not the seed net architecture"),
                otherArchitecture);
    }

    @Test
    void evaluateAComputationGraph() {
        refusedEvaluate(ExitCode.MODEL, List.of(graphModel.toString()), graphModel);
    }

    @Test
    void warmStartFromRandomBytes() {
        refusedTrain(ExitCode.MODEL, List.of(randomBytes.toString(), "not a readable DL4J model"),
                "--warm-start", randomBytes.toString());
    }

    @Test
    void warmStartFromATextFile() {
        refusedTrain(ExitCode.MODEL, List.of(textFile.toString(), "not a readable DL4J model"),
                "--warm-start", textFile.toString());
    }

    @Test
    void warmStartFromAModelOfAnotherArchitecture() {
        refusedTrain(ExitCode.MODEL, List.of(otherArchitecture.toString(), "not the seed net architecture"),
                "--warm-start", otherArchitecture.toString());
    }

    @Test
    void warmStartFromAModelThatDoesNotExist() {
        Path missing = dir.resolve("gone/model.zip");
        refusedTrain(ExitCode.MODEL, List.of(missing.toString(), "no such model file"),
                "--warm-start", missing.toString());
    }

    // ---------------------------------------------------------------- evaluate: data and options

    @Test
    void evaluateOnBadTestLabels() throws IOException {
        Path data = synthetic(300, 100);
        byte[] labels = labels(100);
        labels[42] = 11;
        writeGz(data, TEST_LABELS, idx(LABELS_MAGIC, new int[] {100}, labels));
        refused(ExitCode.DATA, List.of(TEST_LABELS, "label 11 at index 42"),
                "evaluate", "--model", seedModel.toString(), "--data", data.toString(), "--master", "local[2]");
    }

    @Test
    void evaluateWithZeroBatchSize() {
        String line = refused(ExitCode.USAGE, List.of("--batch-size"),
                "evaluate", "--model", seedModel.toString(), "--data", DIGITS.toString(), "--batch-size", "0");
        assertEquals("error: invalid value 0 for --batch-size: must be a positive integer", line);
    }

    @Test
    void evaluateWithANonNumericLimit() {
        refused(ExitCode.USAGE, List.of("--limit-test", "abc"),
                "evaluate", "--model", seedModel.toString(), "--data", DIGITS.toString(), "--limit-test", "abc");
    }

    @Test
    void evaluateWithoutAModel() {
        refused(ExitCode.USAGE, List.of("--model"), "evaluate", "--data", DIGITS.toString());
    }

    // ---------------------------------------------------------------- predict

    @Test
    void predictAnImageThatDoesNotExist() {
        Path missing = dir.resolve("digit.png");
        refused(ExitCode.DATA, List.of(missing.toString(), "no such file"),
                "predict", "--model", seedModel.toString(), missing.toString());
    }

    @Test
    void predictATextFile() {
        refused(ExitCode.DATA, List.of(textFile.toString(), "not a readable image"),
                "predict", "--model", seedModel.toString(), textFile.toString());
    }

    @Test
    void predictALabelsFileInsteadOfImages() {
        refused(ExitCode.DATA, List.of(TEST_LABELS, "wrong magic number 0x00000801, expected 0x00000803"),
                "predict", "--model", seedModel.toString(), DIGITS.resolve(TEST_LABELS).toString());
    }

    @Test
    void predictAFolder() {
        refused(ExitCode.DATA, List.of(models.toString(), "is a folder"),
                "predict", "--model", seedModel.toString(), models.toString());
    }

    @Test
    void predictWithACorruptModel() {
        refused(ExitCode.MODEL, List.of(randomBytes.toString(), "not a readable DL4J model"),
                "predict", "--model", randomBytes.toString(), "--limit", "2", DIGITS.resolve(TEST_IMAGES).toString());
    }

    @Test
    void predictWithAModelThatDoesNotExist() {
        Path missing = dir.resolve("model.zip");
        refused(ExitCode.MODEL, List.of(missing.toString(), "no such model file"),
                "predict", "--model", missing.toString(), "--limit", "2", DIGITS.resolve(TEST_IMAGES).toString());
    }

    @Test
    void predictWithZeroLimit() {
        refused(ExitCode.USAGE, List.of("--limit", "0"),
                "predict", "--model", seedModel.toString(), "--limit", "0", DIGITS.resolve(TEST_IMAGES).toString());
    }

    // ---------------------------------------------------------------- pipeline (store left byte-identical)

    @Test
    void pipelineWithCorruptDataLeavesTheStoreAlone() throws IOException {
        Path store = existingStore(seedModel);
        Path data = goodCopy();
        byte[] whole = Files.readAllBytes(data.resolve(TRAIN_LABELS));
        Files.write(data.resolve(TRAIN_LABELS), Arrays.copyOf(whole, 1000));
        refusedPipeline(ExitCode.DATA, List.of(TRAIN_LABELS, "truncated or corrupt gzip"),
                "--store", store.toString(), "--data", data.toString());
    }

    @Test
    void pipelineWithMoreWorkersThanSamplesLeavesNoStaging() throws IOException {
        Path store = existingStore(seedModel);
        refusedPipeline(ExitCode.USAGE, List.of("workers (10) exceed the training samples (5)"),
                "--store", store.toString(), "--workers", "10", "--limit-train", "5", "--warm-start", "false");
    }

    @Test
    void pipelineWarmStartFromACorruptCurrentModel() throws IOException {
        Path store = existingStore(randomBytes);
        refusedPipeline(ExitCode.MODEL, List.of("v000001", "model.zip", "not a readable DL4J model"),
                "--store", store.toString(), "--limit-train", "200");
    }

    @Test
    void pipelineStoreIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("store.txt"), "not a store");
        refusedPipeline(ExitCode.USAGE, List.of("store.txt", "is a file"), "--store", file.toString());
    }

    @Test
    void pipelineHoldoutZero() throws IOException {
        Path store = existingStore(seedModel);
        refusedPipeline(ExitCode.USAGE, List.of("invalid value 0 for holdout"),
                "--store", store.toString(), "--holdout", "0");
    }

    @Test
    void pipelineUnknownKeyInConfigFile() throws IOException {
        Path store = existingStore(seedModel);
        Path conf = Files.writeString(dir.resolve("pipeline.conf"), "pipeline {\n  stor = \"x\"\n}\n");
        refusedPipeline(ExitCode.USAGE, List.of("unknown config key 'pipeline.stor'"),
                "--store", store.toString(), "--config", conf.toString());
    }

    @Test
    void pipelineUnknownTrainKeyInConfigFile() throws IOException {
        Path store = existingStore(seedModel);
        Path conf = Files.writeString(dir.resolve("pipeline.conf"), "pipeline {\n  store = \"" + store + "\"\n"
                + "  holdout = 100\n  warm-start = true\n  tolerance = 0.01\n  keep = 3\n"
                + "  train {\n    epoks = 2\n  }\n}\n");
        refusedPipeline(ExitCode.USAGE, List.of("unknown config key 'pipeline.train.epoks'", conf + ": 8",
                "did you mean 'epochs'?"), "--config", conf.toString());
    }

    @Test
    void pipelineConfigFileMissingAKey() throws IOException {
        Path store = existingStore(seedModel);
        Path conf = Files.writeString(dir.resolve("pipeline.conf"), "pipeline {\n  store = \"" + store + "\"\n}\n");
        refusedPipeline(ExitCode.USAGE, List.of(conf.toString(), "No configuration setting found for key 'warm-start'"),
                "--config", conf.toString());
    }

    @Test
    void pipelineWithCorruptDataOnANewStoreCreatesNoStore() throws IOException {
        Path data = goodCopy();
        Files.write(data.resolve(TEST_IMAGES), new byte[0]);
        Path store = dir.resolve("new-store");
        refusedPipeline(ExitCode.DATA, List.of(TEST_IMAGES, "empty file"),
                "--store", store.toString(), "--data", data.toString());
        assertFalse(Files.exists(store));
    }

    // ---------------------------------------------------------------- limits larger than the data: clamped

    @Test
    void limitsLargerThanTheDataAreClampedToAllImages() throws IOException {
        Path data = synthetic(256, 100);
        String err = captureStderr(() -> assertEquals(ExitCode.OK, Main.run("train", "--data", data.toString(),
                "--out", out.toString(), "--master", "local[2]", "--limit-train", "100000", "--limit-test", "20000",
                "--epochs", "1", "--batch-size", "64")));
        assertEquals("", err);
        JsonNode metrics = JSON.readTree(out.resolve("metrics.json").toFile());
        assertEquals(256, metrics.get("train_samples").asInt());
        assertEquals(100, metrics.get("test_samples").asInt());
        assertEquals(20000, JSON.readTree(out.resolve("config.json").toFile()).get("limit-test").asInt(),
                "config.json records what was asked");
    }

    @Test
    void evaluateLimitLargerThanTheTestSetIsClamped() throws IOException {
        Path data = synthetic(10, 100);
        String stdout = TrainCommandTest.captureStdout(() -> assertEquals(ExitCode.OK, Main.run("evaluate",
                "--model", seedModel.toString(), "--data", data.toString(), "--limit-test", "20000", "--json",
                "--master", "local[2]")));
        assertEquals(100, JSON.readTree(stdout.substring(stdout.indexOf('{'))).get("samples").asInt());
    }

    // ================================================================ helpers

    /** Runs train with small defaults (--data DIGITS (synthetic), --out RUN, local[2], 200/100 images), overridden by {@code options}. */
    private String refusedTrain(int exitCode, List<String> named, String... options) {
        String line = refused(exitCode, named, trainArgs(options));
        assertFalse(Files.exists(out), "the run directory was created");
        return line;
    }

    /** As {@link #refusedTrain}, for a pre-existing --out whose files must stay byte-identical. */
    private void refusedTrainKeepingOut(int exitCode, List<String> named, String... options) {
        refused(exitCode, named, trainArgs(options));
    }

    private String[] trainArgs(String... options) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--data", DIGITS.toString());
        o.put("--out", out.toString());
        o.put("--master", "local[2]");
        o.put("--limit-train", "200");
        o.put("--limit-test", "100");
        o.put("--epochs", "1");
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("train"));
        o.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args.toArray(String[]::new);
    }

    private void refusedEvaluate(int exitCode, List<String> named, Path model) {
        refused(exitCode, named, "evaluate", "--model", model.toString(), "--data", DIGITS.toString(),
                "--limit-test", "100", "--master", "local[2]");
    }

    private void refusedPipeline(int exitCode, List<String> named, String... options) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--data", DIGITS.toString());
        o.put("--holdout", "100");
        o.put("--master", "local[2]");
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        List<String> args = new ArrayList<>(List.of("pipeline"));
        o.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        refused(exitCode, named, args.toArray(String[]::new));
    }

    /**
     * Runs the command and checks the contract: the exit code, exactly one stderr line starting with
     * "error: " that contains every {@code named} fragment, and no file under the test folder created,
     * changed or deleted. Returns the line.
     */
    private String refused(int exitCode, List<String> named, String... args) {
        Map<String, String> before = snapshot(dir);
        int[] code = new int[1];
        String err = captureStderr(() -> code[0] = Main.run(args));
        List<String> lines = err.lines().toList();
        assertEquals(1, lines.size(), "exactly one line on stderr, got:\n" + err);
        String line = lines.get(0);
        assertEquals(exitCode, code[0], "exit code; stderr: " + line);
        assertTrue(line.startsWith("error: "), line);
        for (String fragment : named) {
            assertTrue(line.contains(fragment), "expected '" + fragment + "' in: " + line);
        }
        assertEquals(before, snapshot(dir), "files written, changed or deleted by: " + line);
        return line;
    }

    /** Every path below {@code root} with a hash of its content ("dir" for folders). */
    private static Map<String, String> snapshot(Path root) {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                files.put(root.relativize(p).toString(), Files.isDirectory(p) ? "dir" : sha256(Files.readAllBytes(p)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of the four synthetic digit files, to be broken by the case. */
    private Path goodCopy() throws IOException {
        Path copy = Files.createDirectories(dir.resolve("mnist"));
        for (String name : List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS)) {
            Files.copy(DIGITS.resolve(name), copy.resolve(name));
        }
        return copy;
    }

    /** A small well-formed IDX folder (gzipped) with {@code train} and {@code test} images. */
    private Path synthetic(int train, int test) {
        Path folder = dir.resolve("small-mnist");
        writeGz(folder, TRAIN_IMAGES, idx(IMAGES_MAGIC, new int[] {train, 28, 28}, pixels(train)));
        writeGz(folder, TRAIN_LABELS, idx(LABELS_MAGIC, new int[] {train}, labels(train)));
        writeGz(folder, TEST_IMAGES, idx(IMAGES_MAGIC, new int[] {test, 28, 28}, pixels(test)));
        writeGz(folder, TEST_LABELS, idx(LABELS_MAGIC, new int[] {test}, labels(test)));
        return folder;
    }

    /** A model store with version v000001 (holding {@code model}) published as current. */
    private Path existingStore(Path model) throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path version = Files.createDirectories(store.resolve("v000001"));
        Files.copy(model, version.resolve("model.zip"));
        Files.writeString(version.resolve("metrics.json"), "{\"test_accuracy\": 0.97}\n");
        Files.writeString(store.resolve("current"), "v000001\n");
        Files.writeString(store.resolve("history.jsonl"),
                "{\"action\":\"promote\",\"version\":\"v000001\",\"previous\":null}\n");
        return store;
    }

    /** A run directory with a config.json, as train writes it first. */
    private Path recordedRun(String name) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("config.json"), "{\n  \"data\" : \"" + DIGITS + "\",\n  \"limit-train\" : 200\n}\n");
        return run;
    }

    private static void writeGz(Path folder, String name, byte[] content) {
        IdxFixtures.write(folder, name, IdxFixtures.gzip(content));
    }

    /**
     * Writes a Parquet folder as prepare lays it out (train/ with 300 rows, test/ with 100; label = id mod 10),
     * with a Spark of its own, stopped afterwards.
     */
    private static void writeParquet(Path folder, StructType schema, RowMaker maker) {
        SparkSession spark = SparkSession.builder().appName("bad-input-fixture").master("local[1]")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        try {
            for (String split : List.of("train", "test")) {
                List<Row> data = new ArrayList<>();
                for (long id = 0; id < (split.equals("train") ? 300 : 100); id++) {
                    data.add(maker.row(split.equals("train"), id, (int) (id % 10)));
                }
                spark.createDataFrame(data, schema).coalesce(1).write().parquet(folder.resolve(split).toString());
            }
        } finally {
            spark.stop();
        }
    }

    @FunctionalInterface
    private interface RowMaker {
        Row row(boolean train, long id, int label);
    }

    private static MultiLayerNetwork denseNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nIn(16).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static ComputationGraph graphNet() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(784).nOut(8).activation(Activation.RELU).build(), "in")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD).nIn(8)
                        .nOut(10).activation(Activation.SOFTMAX).build(), "dense")
                .setOutputs("out")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        return graph;
    }
}
