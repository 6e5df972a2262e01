package io.bnsync.store;

import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * How a finished file becomes visible under its name, by kind of file system, so that a reader (or a crash)
 * never finds the name missing or holding half a file. Modelled on what Hadoop's output committers rely on.
 */
enum FileCommit {
    /** A local disk: write a hidden temp file, then rename(2), which replaces the target atomically. */
    LOCAL_RENAME,
    /**
     * HDFS and other file systems with real renames: write a temp file, then rename it over the target with
     * {@code Options.Rename.OVERWRITE} through {@link FileContext} — one atomic NameNode operation on HDFS
     * (FileSystem.rename refuses an existing target, and delete-then-rename leaves a moment without the file).
     */
    RENAME_OVERWRITE,
    /**
     * Object stores (S3A, GCS, ABFS, …): no rename — there it is a copy — but the object becomes visible whole
     * when its upload completes (on close), replacing the old one; so the file is written under its own name.
     */
    DIRECT;

    private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb",
            "wasbs", "oss", "cosn", "obs");

    static FileCommit of(FileSystem fs) {
        String scheme = String.valueOf(fs.getUri().getScheme()).toLowerCase(Locale.ROOT);
        if (OBJECT_STORES.contains(scheme)) {
            return DIRECT;
        }
        return fs instanceof RawLocalFileSystem || scheme.equals("file") ? LOCAL_RENAME : RENAME_OVERWRITE;
    }

    /** Where {@code target}'s bytes are written before {@link #publish}: a hidden sibling, or the target itself. */
    Path stagingPath(Path target) {
        return this == DIRECT ? target : new Path(target.getParent(), "." + target.getName() + ".tmp");
    }

    /** Makes the written staging file visible as {@code target}. */
    void publish(FileSystem fs, Path staged, Path target) throws IOException {
        switch (this) {
            case LOCAL_RENAME -> {
                if (!fs.rename(staged, target)) {
                    throw new IOException("rename of " + staged + " to " + target + " failed");
                }
            }
            case RENAME_OVERWRITE -> FileContext.getFileContext(fs.getUri(), fs.getConf())
                    .rename(staged, target, Options.Rename.OVERWRITE);
            case DIRECT -> {
                // already in place
            }
            default -> throw new IllegalStateException(name());
        }
    }
}
