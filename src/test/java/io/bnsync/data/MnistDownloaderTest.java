package io.bnsync.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uses {@code file:} mirrors only; just the two small label files, to stay fast and offline. */
class MnistDownloaderTest {
    private static final List<String> LABEL_FILES = List.of(MnistFiles.TRAIN_LABELS, MnistFiles.TEST_LABELS);
    /** The real files, shared next to the project checkout. */
    private static final Path REAL_MIRROR = Paths.get("..", "shared", "mnist").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream messages = new ByteArrayOutputStream();

    private MnistDownloader downloader(Path... mirrors) {
        List<String> urls = Arrays.stream(mirrors).map(m -> m.toUri().toString()).toList();
        return new MnistDownloader(urls, new PrintStream(messages, true, StandardCharsets.UTF_8));
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
        assumeTrue(Files.isDirectory(REAL_MIRROR), "no real MNIST files at " + REAL_MIRROR);
        Path target = tmp.resolve("data").resolve("mnist");

        downloader(wrongContentMirror(), tmp.resolve("no-such-mirror"), REAL_MIRROR).ensurePresent(target, LABEL_FILES);

        for (String name : LABEL_FILES) {
            assertArrayEquals(Files.readAllBytes(REAL_MIRROR.resolve(name + ".gz")),
                    Files.readAllBytes(target.resolve(name + ".gz")));
            String url = REAL_MIRROR.toUri() + name + ".gz";
            assertTrue(messages().contains("downloaded " + name + ".gz from " + url + " (md5 ok)"), messages());
        }
        assertTrue(messages().contains("does not match expected " + MnistDownloader.UNCOMPRESSED_MD5.get(
                MnistFiles.TRAIN_LABELS)), messages());
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
    void rejectsUnknownNames() {
        assertThrows(IllegalArgumentException.class,
                () -> downloader(tmp).ensurePresent(tmp, List.of("cifar-10.bin")));
    }
}
