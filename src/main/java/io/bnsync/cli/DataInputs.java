package io.bnsync.cli;

import io.bnsync.config.TrainConfig;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistDownloader;
import io.bnsync.data.MnistFiles;
import io.bnsync.data.MnistSource;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** Resolves a command's data location, downloading MNIST into the default folder when it is missing. */
final class DataInputs {
    private DataInputs() {
    }

    static MnistDataset load(TrainConfig config, MnistFiles.Split split, SparkSession spark) {
        if (config.dataIsDefault() && isLocal(config.data())
                && !MnistFiles.isComplete(config.data(), spark.sparkContext().hadoopConfiguration())) {
            new MnistDownloader(MnistDownloader.DEFAULT_MIRRORS, System.out).ensurePresent(Path.of(config.data()));
        }
        return MnistSource.load(config.data(), split, spark);
    }

    private static boolean isLocal(String location) {
        return !location.contains("://") || location.startsWith("file:");
    }
}
