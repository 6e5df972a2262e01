package io.bnsync.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Fetches whichever of the four MNIST files are missing from a local folder.
 *
 * <p>Why several mirrors and checksums: the original site is often unreachable or rate-limited,
 * and mirrors have served truncated or HTML error pages as {@code .gz}. Each download is
 * therefore verified against the well-known MD5 of the <em>uncompressed</em> file before it is
 * moved into place atomically, so a half-written or wrong file never looks "present".
 */
public final class MnistDownloader {
    public static final List<String> DEFAULT_MIRRORS = List.of(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/");

    /** MD5 of each file's uncompressed content (the same for every honest mirror). */
    static final Map<String, String> UNCOMPRESSED_MD5 = Map.of(
            MnistFiles.TRAIN_IMAGES, "6bbc9ace898e44ae57da46a324031adb",
            MnistFiles.TRAIN_LABELS, "a25bea736e30d166cdddb491f175f624",
            MnistFiles.TEST_IMAGES, "2646ac647ad5339dbf082846283269ea",
            MnistFiles.TEST_LABELS, "27ae3e4e09519cfbb04c329615203637");

    private static final int TIMEOUT_MILLIS = 30_000;

    private final List<String> mirrors;
    private final Map<String, String> expectedMd5;
    private final PrintStream log;

    public MnistDownloader(List<String> mirrors, PrintStream log) {
        this(mirrors, UNCOMPRESSED_MD5, log);
    }

    /** With other expected checksums: lets the tests serve small files of their own instead of MNIST. */
    MnistDownloader(List<String> mirrors, Map<String, String> expectedMd5, PrintStream log) {
        if (mirrors.isEmpty()) {
            throw new IllegalArgumentException("at least one mirror is needed");
        }
        this.mirrors = List.copyOf(mirrors);
        this.expectedMd5 = Map.copyOf(expectedMd5);
        this.log = log;
    }

    /** Makes sure all four MNIST files are in {@code dir}, downloading the missing ones. */
    public void ensurePresent(Path dir) {
        ensurePresent(dir, MnistFiles.ALL);
    }

    /** Like {@link #ensurePresent(Path)} for a subset of the canonical names (e.g. only labels). */
    public void ensurePresent(Path dir, List<String> names) {
        names.forEach(MnistDownloader::requireKnown);
        createFolder(dir);
        for (String name : names) {
            if (!Files.exists(dir.resolve(name)) && !Files.exists(dir.resolve(name + ".gz"))) {
                download(dir, name);
            }
        }
    }

    private void download(Path dir, String name) {
        List<String> tried = new ArrayList<>();
        for (String mirror : mirrors) {
            String url = withSlash(mirror) + name + ".gz";
            tried.add(url);
            if (tryMirror(dir, name, url)) {
                return;
            }
        }
        throw new DataException(dir.resolve(name + ".gz") + ": download failed from every mirror: "
                + String.join(", ", tried));
    }

    /** One attempt; any failure is reported as a warning so the next mirror gets its turn. */
    private boolean tryMirror(Path dir, String name, String url) {
        try {
            byte[] gz = fetch(url);
            String md5 = uncompressedMd5(gz);
            String expected = expectedMd5.get(name);
            if (!md5.equals(expected)) {
                log.println("warning: " + url + ": md5 " + md5 + " does not match expected " + expected
                        + ", trying next mirror");
                return false;
            }
            writeAtomically(dir, name + ".gz", gz);
            log.println("downloaded " + name + ".gz from " + url + " (md5 ok)");
            return true;
        } catch (IOException | IllegalArgumentException e) {
            log.println("warning: " + url + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + ", trying next mirror");
            return false;
        }
    }

    private static byte[] fetch(String url) throws IOException {
        URLConnection connection = URI.create(url).toURL().openConnection();
        connection.setConnectTimeout(TIMEOUT_MILLIS);
        connection.setReadTimeout(TIMEOUT_MILLIS);
        try (InputStream in = connection.getInputStream()) {
            return in.readAllBytes();
        }
    }

    /** Streams the decompressed bytes through the digest instead of holding them in memory. */
    static String uncompressedMd5(byte[] gz) throws IOException {
        MessageDigest md5 = md5();
        try (InputStream in = new DigestInputStream(new GZIPInputStream(new ByteArrayInputStream(gz)), md5)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    /** Temp file in the same folder, then an atomic rename: readers never see a partial file. */
    private static void writeAtomically(Path dir, String fileName, byte[] content) throws IOException {
        Path temp = Files.createTempFile(dir, fileName, ".part");
        try {
            Files.write(temp, content);
            Files.move(temp, dir.resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void createFolder(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DataException(dir + ": cannot create folder: " + e.getMessage(), e);
        }
    }

    private static void requireKnown(String name) {
        if (!UNCOMPRESSED_MD5.containsKey(name)) {
            throw new IllegalArgumentException("not an MNIST file name: " + name);
        }
    }

    private static String withSlash(String mirror) {
        return mirror.endsWith("/") ? mirror : mirror + "/";
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide MD5", e);
        }
    }
}
