package io.bnsync.cli;

import io.bnsync.data.MnistFiles;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code prepare}: IDX files to Parquet ({@code OUT/train}, {@code OUT/test}) for distributed reading. */
@Command(name = "prepare", mixinStandardHelpOptions = true,
        description = "Convert MNIST IDX files to Parquet (columns id, label, image) under OUT/train and OUT/test.")
final class PrepareCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR_OR_URI", description = "Folder with the four IDX files.")
    String data;

    @Option(names = "--out", required = true, paramLabel = "PARQUET_DIR", description = "Output folder (must not exist or be empty).")
    String out;

    @Option(names = "--master", description = "Spark master (default local[*]).")
    String master;

    @Override
    public Integer call() {
        SparkSession spark = SparkSessions.create("bnsync-prepare", master);
        try {
            var conf = spark.sparkContext().hadoopConfiguration();
            var train = MnistFiles.load(data, Split.TRAIN, conf);
            var test = MnistFiles.load(data, Split.TEST, conf);
            MnistSource.prepare(spark, train, test, out);
            System.out.printf("wrote %d training and %d test images to %s%n", train.size(), test.size(), out);
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }
}
