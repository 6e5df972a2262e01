package io.bnsync.data;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * SHA-256 of every data file in a folder (IDX files or Parquet parts, recursively), as stored.
 * Recorded with each model version, so a published model names exactly the data it came from.
 */
public final class DataChecksums {
    private DataChecksums() {
    }

    public static Map<String, String> of(String dirOrUri, Configuration conf) {
        Map<String, String> sums = new TreeMap<>();
        try {
            Path given = new Path(dirOrUri);
            FileSystem fs = given.getFileSystem(conf);
            Path root = fs.makeQualified(given); // listings are qualified; names are made relative to this
            if (!fs.exists(root)) {
                throw new DataException(dirOrUri + ": no such folder");
            }
            collect(fs, root, root, sums);
        } catch (IOException e) {
            throw new DataException(dirOrUri + ": cannot read for checksums: " + e.getMessage(), e);
        }
        return sums;
    }

    private static void collect(FileSystem fs, Path root, Path dir, Map<String, String> sums) throws IOException {
        for (FileStatus status : fs.listStatus(dir)) {
            String name = status.getPath().getName();
            if (name.startsWith(".") || name.startsWith("_")) {
                continue; // Hadoop/Spark bookkeeping (.crc, _SUCCESS)
            }
            if (status.isDirectory()) {
                collect(fs, root, status.getPath(), sums);
            } else {
                String relative = root.toUri().relativize(status.getPath().toUri()).getPath();
                sums.put(relative.isEmpty() ? name : relative, sha256(fs, status.getPath()));
            }
        }
    }

    private static String sha256(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return sha256(in);
        }
    }

    /** The SHA-256 of everything {@code in} holds, in hex. */
    public static String sha256(InputStream in) throws IOException {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
