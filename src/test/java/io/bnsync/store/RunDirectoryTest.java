package io.bnsync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFileIntactAndNoTempFile() throws IOException {
        Configuration conf = new Configuration();
        conf.set("fs.diskfull.impl", DiskFullFileSystem.class.getName());
        conf.setBoolean("fs.diskfull.impl.disable.cache", true);
        Files.writeString(dir.resolve("metrics.json"), "{\"old\":true}");
        RunDirectory run = RunDirectory.create("diskfull://" + dir.toAbsolutePath(), true, conf);
        OutputException e = assertThrows(OutputException.class,
                () -> run.write("metrics.json", out -> out.write(new byte[4096])));
        assertTrue(e.getMessage().contains("metrics.json") && e.getMessage().contains("No space left"), e.getMessage());
        assertEquals("{\"old\":true}", Files.readString(dir.resolve("metrics.json")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of("metrics.json"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void writesReplaceAtomicallyWithoutChecksumFiles() throws IOException {
        RunDirectory run = RunDirectory.create(dir.resolve("run").toString(), false, new Configuration());
        run.writeString("a.txt", "one");
        run.writeString("a.txt", "two");
        assertEquals("two", Files.readString(dir.resolve("run/a.txt")));
        try (var files = Files.list(dir.resolve("run"))) {
            assertEquals(List.of("a.txt"), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aPathThatIsAFileIsRefused() throws IOException {
        Files.writeString(dir.resolve("file"), "x");
        OutputException e = assertThrows(OutputException.class,
                () -> RunDirectory.create(dir.resolve("file").toString(), true, new Configuration()));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
        assertFalse(Files.isDirectory(dir.resolve("file")));
    }

    /** A local file system whose disk fills up after 1 KiB of any file: a simulated ENOSPC. */
    public static class DiskFullFileSystem extends RawLocalFileSystem {
        @Override
        public java.net.URI getUri() {
            return java.net.URI.create("diskfull:///");
        }

        @Override
        public FSDataOutputStream create(org.apache.hadoop.fs.Path f, boolean overwrite, int bufferSize,
                                         short replication, long blockSize, Progressable progress) throws IOException {
            return fillsUp(super.create(f, overwrite, bufferSize, replication, blockSize, progress));
        }

        @Override
        public FSDataOutputStream create(org.apache.hadoop.fs.Path f, FsPermission permission, boolean overwrite,
                                         int bufferSize, short replication, long blockSize, Progressable progress)
                throws IOException {
            return fillsUp(super.create(f, permission, overwrite, bufferSize, replication, blockSize, progress));
        }

        private static FSDataOutputStream fillsUp(FSDataOutputStream real) {
            return new FSDataOutputStream(new OutputStream() {
                private long written;

                @Override
                public void write(int b) throws IOException {
                    if (++written > 1024) {
                        throw new IOException("No space left on device");
                    }
                    real.write(b);
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            }, null);
        }

    }
}
