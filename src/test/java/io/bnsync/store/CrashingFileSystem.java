package io.bnsync.store;

import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FilterFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * A file system that stops, as a crashed process would, before its n-th change: creating a file, completing it
 * (close), renaming, deleting one entry, making a folder. Reads are free. The stop is a {@link Crash} — an Error, so
 * no catch block of the code under test runs after it — and every later change stops too. A recursive delete
 * deletes entry by entry, the way an object store does, so a crash can leave a folder half deleted; it goes in
 * reverse name order, so a manifest ({@code _MANIFEST.json}) would go last unless deleted on purpose first.
 */
final class CrashingFileSystem extends FilterFileSystem {
    private int changesLeft;

    CrashingFileSystem(FileSystem fs, int changesBeforeCrash) {
        super(fs);
        this.changesLeft = changesBeforeCrash;
    }

    /** The simulated crash. */
    static final class Crash extends Error {
        Crash() {
            super("simulated crash");
        }
    }

    boolean crashed() {
        return changesLeft < 0;
    }

    private void change() {
        if (--changesLeft < 0) {
            throw new Crash();
        }
    }

    @Override
    public FSDataOutputStream create(Path f, FsPermission permission, boolean overwrite, int bufferSize,
                                     short replication, long blockSize, Progressable progress) throws IOException {
        change();
        FSDataOutputStream out = fs.create(f, permission, overwrite, bufferSize, replication, blockSize, progress);
        return new FSDataOutputStream(out, null) {
            @Override
            public void close() throws IOException {
                change(); // a crash before close leaves the bytes written so far: a hidden temp file or no object
                super.close();
            }
        };
    }

    @Override
    public boolean rename(Path src, Path dst) throws IOException {
        change();
        return fs.rename(src, dst);
    }

    @Override
    public boolean mkdirs(Path f, FsPermission permission) throws IOException {
        change();
        return fs.mkdirs(f, permission);
    }

    @Override
    public boolean delete(Path f, boolean recursive) throws IOException {
        if (recursive && fs.exists(f) && fs.getFileStatus(f).isDirectory()) {
            FileStatus[] entries = fs.listStatus(f);
            Arrays.sort(entries, Collections.reverseOrder()); // names in "_" (markers, manifests) go last
            for (FileStatus entry : entries) {
                delete(entry.getPath(), true);
            }
        }
        change();
        return fs.delete(f, recursive);
    }
}
