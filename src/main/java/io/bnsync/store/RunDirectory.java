package io.bnsync.store;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The output folder of a run, on any Hadoop file system. Every file becomes visible whole or not at all, and a
 * previous version stays intact until the new one is complete: a hidden temporary file renamed into place on local
 * disks and HDFS, one whole upload on object stores ({@link FileCommit}). Folders of several files are made complete
 * by a manifest written last ({@link FolderManifest}), never by a folder rename.
 */
public final class RunDirectory {
    private final Path root;
    private final FileSystem fs;

    private RunDirectory(Path root, FileSystem fs) {
        this.root = root;
        this.fs = fs;
    }

    /**
     * Opens {@code uri} as a run directory; nothing is created until the first file is written,
     * so a run that fails on bad input leaves nothing behind. An existing non-empty folder is refused
     * unless {@code overwrite}; a path that is a file is always refused.
     */
    public static RunDirectory create(String uri, boolean overwrite, Configuration conf) {
        try {
            Path root = new Path(uri);
            FileSystem fs = withoutChecksumFiles(root.getFileSystem(conf));
            root = fs.makeQualified(root);
            checkUsable(fs, root, overwrite);
            return new RunDirectory(root, fs);
        } catch (IOException e) {
            throw new OutputException(uri + ": cannot create run directory: " + e.getMessage());
        }
    }

    private static void checkUsable(FileSystem fs, Path root, boolean overwrite) throws IOException {
        if (!fs.exists(root)) {
            return;
        }
        FileStatus status = fs.getFileStatus(root);
        if (!status.isDirectory()) {
            throw new OutputException(root + ": exists and is a file, not a folder");
        }
        if (!overwrite && fs.listStatus(root).length > 0) {
            throw new OutputException(root + ": run directory is not empty (use --overwrite to replace its files)");
        }
    }

    /** A folder that may not exist yet and may hold files (a model store); created on first write. */
    public static RunDirectory existingOrNew(String uri, Configuration conf) {
        try {
            Path root = new Path(uri);
            FileSystem fs = withoutChecksumFiles(root.getFileSystem(conf));
            root = fs.makeQualified(root);
            if (fs.exists(root) && !fs.getFileStatus(root).isDirectory()) {
                throw new OutputException(uri + ": exists and is a file, not a folder");
            }
            return new RunDirectory(root, fs);
        } catch (IOException e) {
            throw new OutputException(uri + ": cannot open: " + e.getMessage());
        }
    }

    /** Opens an existing run directory to continue it (resume); it must exist and be a folder. */
    public static RunDirectory existing(String uri, Configuration conf) {
        try {
            Path root = new Path(uri);
            FileSystem fs = withoutChecksumFiles(root.getFileSystem(conf));
            root = fs.makeQualified(root);
            if (!fs.exists(root) || !fs.getFileStatus(root).isDirectory()) {
                throw new OutputException(uri + ": no such run directory");
            }
            return new RunDirectory(root, fs);
        } catch (IOException e) {
            throw new OutputException(uri + ": cannot open run directory: " + e.getMessage());
        }
    }

    /** {@code root} on {@code fs} as given (tests hand in a file system that fails on purpose). */
    static RunDirectory on(FileSystem fs, Path root) {
        return new RunDirectory(fs.makeQualified(root), fs);
    }

    public String readString(String name) {
        try (var in = fs.open(path(name))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new OutputException(path(name) + ": cannot read: " + e.getMessage());
        }
    }

    /** The content of {@code name}, which a finished run must have. */
    public String require(String name) {
        if (!exists(name)) {
            throw new OutputException(path(name) + ": missing (not a run directory written by train?)");
        }
        return readString(name);
    }

    public java.io.InputStream open(String name) throws IOException {
        return fs.open(path(name));
    }

    /** Deletes a file or folder below this directory; missing is fine. */
    public void delete(String name) {
        try {
            fs.delete(path(name), true);
        } catch (IOException e) {
            throw new OutputException(path(name) + ": cannot delete: " + e.getMessage());
        }
    }

    /** Names of the entries directly below this directory (empty when it does not exist yet). */
    public java.util.List<String> list() {
        return entries().stream().map(e -> e.getPath().getName()).sorted().toList();
    }

    /** What is directly below this directory (nothing when it does not exist yet). */
    private java.util.List<FileStatus> entries() {
        try {
            return fs.exists(root) ? java.util.List.of(fs.listStatus(root)) : java.util.List.of();
        } catch (IOException e) {
            throw new OutputException(root + ": cannot list: " + e.getMessage());
        }
    }

    /** A sub-folder as a run directory of its own (checkpoints, model-store versions). */
    public RunDirectory child(String name) {
        return new RunDirectory(path(name), fs);
    }

    /** The plain files directly below this directory and their sizes (empty when it does not exist yet). */
    java.util.Map<String, Long> files() {
        java.util.Map<String, Long> files = new java.util.TreeMap<>();
        entries().stream().filter(FileStatus::isFile).forEach(e -> files.put(e.getPath().getName(), e.getLen()));
        return files;
    }

    public String uri() {
        return root.toString();
    }

    public Path path(String name) {
        return new Path(root, name);
    }

    public void writeString(String name, String content) {
        write(name, out -> out.write(content.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes {@code name} so that readers see the old content or the whole new one, never a missing or partial
     * file: temp file then atomic rename on local disks and HDFS, a direct upload on object stores
     * ({@link FileCommit}). A write that fails leaves the old content.
     */
    public void write(String name, Writer writer) {
        Path target = path(name);
        FileCommit commit = FileCommit.of(fs);
        Path staged = commit.stagingPath(target);
        try {
            if (commit == FileCommit.DIRECT) {
                writer = buffered(writer); // an upload completes on close: produce every byte before it starts
            }
            try (FSDataOutputStream out = fs.create(staged, true)) {
                writer.writeTo(out);
            }
            commit.publish(fs, staged, target);
        } catch (IOException | RuntimeException e) {
            if (!staged.equals(target)) {
                deleteQuietly(staged);
            }
            throw new OutputException(target + ": cannot write: " + e.getMessage());
        }
    }

    private static Writer buffered(Writer writer) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        writer.writeTo(bytes);
        return out -> bytes.writeTo(out);
    }

    /** Hadoop's local file system would leave a .crc file beside every output; users expect none. */
    private static FileSystem withoutChecksumFiles(FileSystem fs) {
        return fs instanceof LocalFileSystem local ? local.getRawFileSystem() : fs;
    }

    /**
     * Creates {@code name} only if it does not exist yet (an atomic test-and-create on HDFS and
     * local disks); returns false when it already existed. Used for locks.
     */
    public boolean createNew(String name, String content) {
        try {
            fs.mkdirs(root);
            try (FSDataOutputStream out = fs.create(path(name), false)) {
                out.write(content.getBytes(StandardCharsets.UTF_8));
            }
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            if (exists(name)) {
                return false;
            }
            throw new OutputException(path(name) + ": cannot create: " + e.getMessage());
        }
    }

    /**
     * Replaces {@code name}'s content in place ({@code create} with overwrite): unlike {@link #write}, the file
     * never disappears meanwhile (a lock being renewed stays held), though a reader may see it empty.
     */
    public void overwrite(String name, String content) {
        try (FSDataOutputStream out = fs.create(path(name), true)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new OutputException(path(name) + ": cannot write: " + e.getMessage());
        }
    }

    /** Whether {@link #createNew} is an atomic create-if-absent here (local disks, HDFS; not object stores). */
    public boolean hasAtomicCreate() {
        return FileCommit.of(fs) != FileCommit.DIRECT;
    }

    public boolean exists(String name) {
        try {
            return fs.exists(path(name));
        } catch (IOException e) {
            return false;
        }
    }

    private void deleteQuietly(Path p) {
        try {
            fs.delete(p, false);
        } catch (IOException ignored) {
            // The temp file is hidden and overwritten by the next attempt.
        }
    }

    /** Produces a file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }
}
