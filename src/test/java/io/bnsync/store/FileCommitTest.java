package io.bnsync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replacing a file in a run directory on each kind of file system: a reader polling the name while it is
 * rewritten again and again always finds it, whole (local disk; a real HDFS, Hadoop's MiniDFSCluster); on an object
 * store the file is uploaded under its own name, and only once all its bytes exist.
 */
class FileCommitTest {

    @TempDir
    static Path dir;
    private static MiniDFSCluster hdfs;

    @BeforeAll
    static void startHdfs() throws IOException {
        hdfs = new MiniDFSCluster.Builder(new Configuration(), dir.resolve("dfs").toFile()).numDataNodes(1).build();
        hdfs.waitActive();
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.shutdown();
        }
    }

    @Test
    void eachFileSystemGetsItsProtocol() throws IOException {
        assertEquals(FileCommit.LOCAL_RENAME, FileCommit.of(FileSystem.getLocal(new Configuration()).getRaw()));
        assertEquals(FileCommit.RENAME_OVERWRITE, FileCommit.of(hdfs.getFileSystem()));
        assertEquals(FileCommit.DIRECT, FileCommit.of(objectStore()));
    }

    @Test
    void aReaderNeverMissesTheFileOnALocalDisk() throws Exception {
        assertReadersSeeOnlyWholeVersions(RunDirectory.create(dir.resolve("local-run").toString(), false,
                new Configuration()), 300);
    }

    @Test
    void aReaderNeverMissesTheFileOnHdfs() throws Exception {
        RunDirectory run = RunDirectory.create(hdfs.getURI() + "/runs/r1", false, hdfs.getConfiguration(0));
        assertReadersSeeOnlyWholeVersions(run, 40); // each HDFS write waits for its block: ~0.25 s
        assertEquals(List.of("current"), run.list(), "no temp file left");
    }

    @Test
    void onAnObjectStoreTheFileIsWrittenUnderItsNameAndAFailedWriterUploadsNothing() throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.s3a.impl", ObjectStoreLike.class.getName());
        conf.setBoolean("fs.s3a.impl.disable.cache", true);
        Files.createDirectories(dir.resolve("bucket"));
        RunDirectory run = RunDirectory.existingOrNew("s3a://" + dir.resolve("bucket").toAbsolutePath(), conf);
        run.writeString("current", "v000001\n");
        OutputException e = assertThrows(OutputException.class, () -> run.write("current", out -> {
            out.write("v0000".getBytes(StandardCharsets.UTF_8));
            throw new IOException("connection reset");
        }));
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
        assertEquals("v000001\n", Files.readString(dir.resolve("bucket/current")), "the old object stays whole");
        assertEquals(List.of("current"), run.list(), "nothing written beside it");
    }

    /** Rewrites {@code current} while a reader polls it; every read must return one whole version. */
    private static void assertReadersSeeOnlyWholeVersions(RunDirectory run, int rewrites) throws Exception {
        run.writeString("current", version(0));
        AtomicBoolean done = new AtomicBoolean();
        List<String> bad = new ArrayList<>();
        Thread reader = new Thread(() -> {
            while (!done.get()) {
                try (InputStream in = run.open("current")) {
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    if (!text.matches("v\\d{6}\n(x{4096}\n)")) {
                        bad.add("partial: " + text.length() + " chars");
                    }
                } catch (IOException e) {
                    bad.add(e.toString());
                }
            }
        });
        reader.start();
        for (int i = 1; i <= rewrites; i++) {
            run.writeString("current", version(i));
        }
        done.set(true);
        reader.join();
        assertEquals(List.of(), bad.stream().limit(3).toList(), bad.size() + " bad reads");
        assertEquals(version(rewrites), run.readString("current"));
    }

    private static String version(int i) {
        return String.format("v%06d%n", i) + "x".repeat(4096) + "\n";
    }

    private static FileSystem objectStore() throws IOException {
        ObjectStoreLike fs = new ObjectStoreLike();
        fs.initialize(URI.create("s3a:///"), new Configuration());
        return fs;
    }

    /** The local disk under the scheme {@code s3a}: what FileCommit chooses by. */
    public static class ObjectStoreLike extends RawLocalFileSystem {
        @Override
        public URI getUri() {
            return URI.create("s3a:///");
        }
    }
}
