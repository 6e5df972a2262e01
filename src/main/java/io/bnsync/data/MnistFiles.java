package io.bnsync.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds and loads the four canonical MNIST IDX files in one folder.
 *
 * <p>The folder is resolved through Hadoop's {@link FileSystem} so that the same code reads a
 * local path, {@code file://} or {@code hdfs://} (or any other scheme with a Hadoop connector)
 * without the caller caring. Each file may be stored raw or as {@code <name>.gz}; the gzipped
 * form wins when both exist because that is what downloads produce.
 */
public final class MnistFiles {
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final List<String> ALL = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

    /** Which half of MNIST: 60,000 training or 10,000 test images. */
    public enum Split {
        TRAIN(TRAIN_IMAGES, TRAIN_LABELS),
        TEST(TEST_IMAGES, TEST_LABELS);

        private final String imagesFile;
        private final String labelsFile;

        Split(String imagesFile, String labelsFile) {
            this.imagesFile = imagesFile;
            this.labelsFile = labelsFile;
        }

        public String imagesFile() {
            return imagesFile;
        }

        public String labelsFile() {
            return labelsFile;
        }
    }

    private MnistFiles() {
    }

    /** Loads one split and checks that images and labels match up one to one. */
    public static MnistDataset load(String dirOrUri, Split split, Configuration conf) {
        Path dir = new Path(dirOrUri);
        FileSystem fs = fileSystem(dir, conf);
        requireFolder(fs, dir, dirOrUri);
        byte[] images = readIdx(fs, require(fs, dir, dirOrUri, split.imagesFile()), true);
        byte[] labels = readIdx(fs, require(fs, dir, dirOrUri, split.labelsFile()), false);
        int imageCount = images.length / MnistDataset.PIXELS;
        if (imageCount != labels.length) {
            throw new DataException(dirOrUri + ": " + imageCount + " images but " + labels.length + " labels");
        }
        return new MnistDataset(images, labels);
    }

    /** True when all four files are present (raw or gzipped); a missing folder is just incomplete. */
    public static boolean isComplete(String dir, Configuration conf) {
        Path folder = new Path(dir);
        FileSystem fs = fileSystem(folder, conf);
        return ALL.stream().allMatch(name -> find(fs, folder, name).isPresent());
    }

    /**
     * True when the folder holds a Parquet dataset: {@code *.parquet} files, or the
     * {@code _SUCCESS} marker plus {@code part-*} files that Spark leaves behind.
     */
    static boolean isParquet(String dirOrUri, Configuration conf) {
        Path dir = new Path(dirOrUri);
        FileSystem fs = fileSystem(dir, conf);
        try {
            FileStatus[] entries = fs.listStatus(dir);
            boolean success = false;
            boolean parts = false;
            for (FileStatus entry : entries) {
                String name = entry.getPath().getName();
                if (entry.isFile() && name.endsWith(".parquet")) {
                    return true;
                }
                success |= name.equals("_SUCCESS");
                parts |= entry.isFile() && name.startsWith("part-");
            }
            return success && parts;
        } catch (FileNotFoundException e) {
            return false;
        } catch (IOException e) {
            throw new DataException(dirOrUri + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    static FileSystem fileSystem(Path path, Configuration conf) {
        try {
            // Cached and shared per scheme/authority by Hadoop: never close it here.
            return path.getFileSystem(conf);
        } catch (IOException e) {
            throw new DataException(path + ": cannot access file system: " + e.getMessage(), e);
        }
    }

    private static void requireFolder(FileSystem fs, Path dir, String shown) {
        try {
            if (!fs.getFileStatus(dir).isDirectory()) {
                throw new DataException(shown + ": not a folder");
            }
        } catch (FileNotFoundException e) {
            throw new DataException(shown + ": no such folder", e);
        } catch (IOException e) {
            throw new DataException(shown + ": cannot access folder: " + e.getMessage(), e);
        }
    }

    private static Path require(FileSystem fs, Path dir, String shown, String name) {
        return find(fs, dir, name)
                .orElseThrow(() -> new DataException(shown + ": missing " + name + "(.gz)"));
    }

    /** The gzipped file if present, else the raw one. */
    private static Optional<Path> find(FileSystem fs, Path dir, String name) {
        for (Path candidate : List.of(new Path(dir, name + ".gz"), new Path(dir, name))) {
            try {
                if (fs.getFileStatus(candidate).isFile()) {
                    return Optional.of(candidate);
                }
            } catch (FileNotFoundException e) {
                // try the next form
            } catch (IOException e) {
                throw new DataException(candidate + ": cannot access: " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    private static byte[] readIdx(FileSystem fs, Path file, boolean images) {
        String name = file.toString();
        try (InputStream in = fs.open(file)) {
            return images ? IdxReader.readImages(in, name) : IdxReader.readLabels(in, name);
        } catch (IOException e) {
            throw new DataException(name + ": cannot read: " + e.getMessage(), e);
        }
    }
}
