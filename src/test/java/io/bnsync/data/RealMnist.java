package io.bnsync.data;

import io.bnsync.config.TrainConfig;
import io.bnsync.config.TrainConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;

/**
 * The real MNIST for the tests that measure accuracy, found the way the product finds it:
 * {@code MNIST_DIR}, else the default folder of {@code conf/train.conf} ({@code data/mnist}),
 * downloaded there with checksums by the product's own {@link MnistDownloader} when missing — so
 * README's first command and the tests share one copy. When neither works the test fails (never
 * skips) with one line saying how to provide the data.
 */
public final class RealMnist {
    private static Path folder;
    private static String failure;

    private RealMnist() {
    }

    /** The absolute folder holding the four MNIST files; throws {@link AssertionError} when there is none. */
    public static synchronized Path folder() {
        if (folder == null && failure == null) {
            locate();
        }
        if (failure != null) {
            throw new AssertionError(failure);
        }
        return folder;
    }

    private static void locate() {
        TrainConfig defaults = TrainConfigLoader.load(null, Map.of(), System.getenv());
        String location = defaults.data();
        try {
            if (defaults.dataIsDefault() && !MnistFiles.isComplete(location, new Configuration())) {
                new MnistDownloader(MnistDownloader.DEFAULT_MIRRORS, System.out).ensurePresent(Path.of(location));
            }
            if (!MnistFiles.isComplete(location, new Configuration())) {
                throw new DataException(location + ": the four MNIST files are not all there");
            }
            folder = Path.of(location).toAbsolutePath().normalize();
        } catch (DataException e) {
            failure = "this test needs the real MNIST: set MNIST_DIR to a folder with the four MNIST files,"
                    + " or put them into data/mnist (submit/local.sh train downloads them there) (" + e.getMessage()
                    + ")";
        }
    }
}
