package io.bnsync.cli;

import io.bnsync.config.Engine;
import io.bnsync.config.TrainConfig;
import io.bnsync.data.DataLocation;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistDownloader;
import io.bnsync.data.MnistFiles;
import io.bnsync.data.MnistSource;
import io.bnsync.data.ParquetMnist;
import io.bnsync.train.ShardPlan;
import io.bnsync.train.TrainingSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** Resolves a command's data location, downloading MNIST into the default folder when it is missing. */
final class DataInputs {
    private DataInputs() {
    }

    /**
     * The run's {@code data}, downloaded first when it is the default folder and MNIST is missing there, resolved
     * once into the layout found there.
     */
    static DataLocation locate(TrainConfig config, SparkSession spark) {
        downloadIfDefaultIsMissing(config, spark);
        return MnistSource.locate(config.data(), spark);
    }

    /**
     * The training split as Spark rows: a Parquet folder stays distributed (executors read it);
     * IDX files are read and validated on the driver, then distributed.
     */
    static TrainingSet trainingSet(TrainConfig config, DataLocation data, SparkSession spark) {
        TrainingSet set = readTrainingSet(config, data, spark);
        checkShards(config, set);
        return set;
    }

    private static TrainingSet readTrainingSet(TrainConfig config, DataLocation data, SparkSession spark) {
        Optional<String> parquet = data.parquetTable(MnistFiles.Split.TRAIN);
        if (parquet.isPresent()) {
            return TrainingSet.fromParquet(ParquetMnist.readDistributed(spark, parquet.get(), config.limitTrain()));
        }
        MnistDataset train = MnistSource.load(data, MnistFiles.Split.TRAIN, spark).head(config.limitTrain());
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Slices of at most ~4,096 images keep each task of the per-epoch shuffle small (~3 MB).
        int slices = Math.max(Math.max(config.workers(), sc.defaultParallelism()), train.size() / 4096);
        return TrainingSet.parallelize(sc, train, slices);
    }

    /**
     * The shard checks the trainers make per epoch (too many workers, a batch larger than a shard), made
     * once here, before the run writes anything. Shard sizes do not depend on the epoch.
     */
    private static void checkShards(TrainConfig config, TrainingSet set) {
        ShardPlan plan = ShardPlan.create(set.labels(), config.workers(), config.partitioning(), config.seed(), 0);
        if (config.engine() == Engine.ROUNDS) {
            plan.requireBatchesFit(config.batchSize());
        }
    }

    private static void downloadIfDefaultIsMissing(TrainConfig config, SparkSession spark) {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        if (config.dataIsDefault() && isLocal(config.data(), conf) && !MnistFiles.isComplete(config.data(), conf)) {
            new MnistDownloader(MnistDownloader.DEFAULT_MIRRORS, System.out).ensurePresent(Path.of(config.data()));
        }
    }

    /**
     * Whether {@code location} is on this machine's disk. A path without a scheme means what it means to Hadoop
     * (and Spark): a path on the default file system, {@code fs.defaultFS} — the local disk in local mode, usually
     * HDFS on a YARN cluster, where the default folder is not downloaded into.
     */
    private static boolean isLocal(String location, Configuration conf) {
        try {
            return new org.apache.hadoop.fs.Path(location).getFileSystem(conf) instanceof LocalFileSystem;
        } catch (IOException e) {
            return false;
        }
    }
}
