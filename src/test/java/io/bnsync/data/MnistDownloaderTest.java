package io.bnsync.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uses {@code file:} mirrors only, serving small label files the test makes, checked against their own
 * checksums; whether the product's checksums are MNIST's is checked on the real files.
 */
class MnistDownloaderTest {
    private static final List<String> LABEL_FILES = List.of(MnistFiles.TRAIN_LABELS, MnistFiles.TEST_LABELS);

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    private MnistDownloader downloader(Path... mirrors) {
        return new MnistDownloader(urls(mirrors), new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private MnistDownloader downloader(Map<String, String> md5, Path... mirrors) {
        return new MnistDownloader(urls(mirrors), md5, new PrintStream(messages, true, StandardCharsets.UTF_8));
    }

    private static List<String> urls(Path... mirrors) {
        return Arrays.stream(mirrors).map(m -> m.toUri().toString()).toList();
    }

    /** A mirror serving the two label files of {@code count} labels (i mod 10), and their uncompressed MD5s. */
    private Map<String, String> goodMirror(Path mirror, int count) throws IOException {
        Map<String, String> md5 = new HashMap<>();
        for (String name : LABEL_FILES) {
            byte[] gz = IdxFixtures.gzip(IdxFixtures.labelsIdx(IdxFixtures.labels(count)));
            IdxFixtures.write(mirror, name + ".gz", gz);
            md5.put(name, MnistDownloader.uncompressedMd5(gz));
        }
        return md5;
    }

    private String messages() {
        return messages.toString(StandardCharsets.UTF_8);
    }

    /** A mirror serving valid gzip files with the wrong content. */
    private Path wrongContentMirror() {
        Path mirror = tmp.resolve("bad-mirror");
        for (String name : LABEL_FILES) {
            IdxFixtures.write(mirror, name + ".gz", IdxFixtures.gzip(IdxFixtures.labelsIdx(IdxFixtures.labels(5))));
        }
        return mirror;
    }

    @Test
    void fallsThroughBadMirrorsToAGoodOne() throws IOException {
        Path target = tmp.resolve("data").resolve("mnist");
        Path good = tmp.resolve("good-mirror");
        Map<String, String> md5 = goodMirror(good, 7);

        downloader(md5, wrongContentMirror(), tmp.resolve("no-such-mirror"), good).ensurePresent(target, LABEL_FILES);

        for (String name : LABEL_FILES) {
            assertArrayEquals(Files.readAllBytes(good.resolve(name + ".gz")),
                    Files.readAllBytes(target.resolve(name + ".gz")));
            String url = good.toUri() + name + ".gz";
            assertTrue(messages().contains("downloaded " + name + ".gz from " + url + " (md5 ok)"), messages());
        }
        assertTrue(messages().contains("does not match expected " + md5.get(MnistFiles.TRAIN_LABELS)), messages());
        assertTrue(messages().contains("no-such-mirror/train-labels-idx1-ubyte.gz: FileNotFoundException"), messages());
        try (var files = Files.list(target)) {
            assertEquals(2, files.count(), "no temp files left behind");
        }
    }

    @Test
    void allMirrorsFailingNamesFileAndMirrors() {
        Path bad = wrongContentMirror();
        Path target = tmp.resolve("data");
        DataException e = assertThrows(DataException.class,
                () -> downloader(bad).ensurePresent(target, List.of(MnistFiles.TEST_LABELS)));
        assertEquals(target.resolve("t10k-labels-idx1-ubyte.gz") + ": download failed from every mirror: "
                + bad.toUri() + "t10k-labels-idx1-ubyte.gz", e.getMessage());
        assertFalse(Files.exists(target.resolve("t10k-labels-idx1-ubyte.gz")));
    }

    @Test
    void skipsFilesAlreadyPresentRawOrGzipped() {
        Path target = tmp.resolve("data");
        IdxFixtures.write(target, MnistFiles.TRAIN_LABELS, new byte[] {1});
        IdxFixtures.write(target, MnistFiles.TEST_LABELS + ".gz", new byte[] {2});

        downloader(tmp.resolve("no-such-mirror")).ensurePresent(target, LABEL_FILES);

        assertEquals("", messages());
    }

    @Test
    void theExpectedChecksumsAreThoseOfTheRealMnistFiles() throws IOException {
        Path real = RealMnist.folder();
        for (String name : MnistFiles.ALL) {
            assertEquals(MnistDownloader.UNCOMPRESSED_MD5.get(name),
                    MnistDownloader.uncompressedMd5(Files.readAllBytes(real.resolve(name + ".gz"))), name);
        }
    }

    @Test
    void rejectsUnknownNames() {
        assertThrows(IllegalArgumentException.class,
                () -> downloader(tmp).ensurePresent(tmp, List.of("cifar-10.bin")));
    }
}
