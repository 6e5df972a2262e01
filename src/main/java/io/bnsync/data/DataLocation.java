package io.bnsync.data;

import io.bnsync.data.MnistFiles.Split;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Where a command's images are, resolved once at the edge — by {@link #resolve}, which lists each candidate folder
 * once — into what is there; everything downstream reads the typed location instead of probing the URI again.
 * Users point the tool at whatever they have and should not need a format flag, so the layouts are told apart
 * by their files, checked in this order:
 * <ol>
 *   <li>{@link Prepared}: Parquet subfolders {@code train/} and {@code test/}, what {@code prepare} writes;</li>
 *   <li>{@link ParquetTable}: a single Parquet folder, holding the train split (and, when the folder is named
 *       {@code train}, a Parquet sibling {@code ../test} holds the test split);</li>
 *   <li>{@link IdxFolder}: otherwise the four IDX files, raw or gzipped (checked when a split is read, so a missing
 *       folder is reported as a missing IDX folder).</li>
 * </ol>
 */
public sealed interface DataLocation {
    /** The location as the user gave it. */
    String uri();

    /**
     * The Parquet folder holding {@code split}, empty for IDX files (read on the driver); executors read a Parquet
     * folder themselves.
     *
     * @throws DataException when this location has no such split
     */
    Optional<String> parquetTable(Split split);

    /** {@code prepare}'s layout under {@code uri}, its marker checked complete. */
    record Prepared(String uri) implements DataLocation {
        @Override
        public Optional<String> parquetTable(Split split) {
            return Optional.of(MnistSource.parquetSplitFolder(uri, split));
        }
    }

    /** One Parquet table (the train split) and, when found next to it, the test split's table. */
    record ParquetTable(String uri, Optional<String> testSibling) implements DataLocation {
        @Override
        public Optional<String> parquetTable(Split split) {
            if (split == Split.TRAIN) {
                return Optional.of(uri);
            }
            return Optional.of(testSibling.orElseThrow(() -> new DataException(uri + ": a single Parquet folder holds"
                    + " only the train split; for the test split use the folder with train/ and test/ that prepare"
                    + " writes")));
        }
    }

    /** A folder of IDX files. */
    record IdxFolder(String uri) implements DataLocation {
        @Override
        public Optional<String> parquetTable(Split split) {
            return Optional.empty();
        }
    }

    /** Tells the layout of {@code uri} from its files; a folder that {@code prepare} left unfinished is refused. */
    static DataLocation resolve(String uri, Configuration conf) {
        if (MnistFiles.isParquet(MnistSource.parquetSplitFolder(uri, Split.TRAIN), conf)) {
            PrepareMarker.requireComplete(uri, conf);
            return new Prepared(uri);
        }
        if (MnistFiles.isParquet(uri, conf)) {
            return new ParquetTable(uri, testSibling(uri, conf));
        }
        return new IdxFolder(uri);
    }

    private static Optional<String> testSibling(String uri, Configuration conf) {
        Path dir = new Path(uri);
        if (!dir.getName().equals("train") || dir.getParent() == null) {
            return Optional.empty();
        }
        String sibling = MnistSource.parquetSplitFolder(dir.getParent().toString(), Split.TEST);
        return MnistFiles.isParquet(sibling, conf) ? Optional.of(sibling) : Optional.empty();
    }
}
