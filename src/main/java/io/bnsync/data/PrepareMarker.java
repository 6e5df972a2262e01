package io.bnsync.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The file {@value #NAME} that {@code prepare} writes beside {@code train/} and {@code test/}: "writing" before the
 * first split, "complete" after the last. Spark's committers make each split's files visible at the end of its job,
 * but a crash between the two splits, or during a commit that copies files (S3 without the magic committer), leaves
 * Parquet that looks usable; readers refuse a folder whose marker does not say complete. Folders without a marker —
 * made by hand or by an older {@code prepare} — are read as before. The leading "_" keeps Spark and the data
 * checksums from taking it for data.
 */
final class PrepareMarker {
    static final String NAME = "_PREPARE";
    private static final String WRITING = "writing\n";
    private static final String COMPLETE = "complete\n";

    private PrepareMarker() {
    }

    static void writing(String outUri, Configuration conf) {
        write(outUri, WRITING, conf);
    }

    static void complete(String outUri, Configuration conf) {
        write(outUri, COMPLETE, conf);
    }

    /** Refuses a folder that {@code prepare} began and did not finish. */
    static void requireComplete(String dirOrUri, Configuration conf) {
        Path marker = new Path(dirOrUri, NAME);
        FileSystem fs = MnistFiles.fileSystem(marker, conf);
        try {
            if (!fs.exists(marker)) {
                return;
            }
            try (InputStream in = fs.open(marker)) {
                if (new String(in.readAllBytes(), StandardCharsets.UTF_8).equals(COMPLETE)) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new DataException(marker + ": cannot read: " + e.getMessage(), e);
        }
        throw new DataException(dirOrUri + ": prepare did not finish writing this folder (" + NAME
                + " is not 'complete'); delete it and run prepare again");
    }

    private static void write(String outUri, String state, Configuration conf) {
        Path marker = new Path(outUri, NAME);
        try (FSDataOutputStream out = MnistFiles.fileSystem(marker, conf).create(marker, true)) {
            out.write(state.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DataException(marker + ": cannot write: " + e.getMessage(), e);
        }
    }
}
