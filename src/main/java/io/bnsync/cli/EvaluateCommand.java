package io.bnsync.cli;

import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: accuracy, loss, per-class precision/recall/F1 and the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the MNIST test set (inference mode, running BatchNorm statistics).")
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "FILE", description = "model.zip written by train (path or URI).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR_OR_URI", description = "IDX or Parquet folder with the test split.")
    String data;

    @Option(names = "--limit-test", paramLabel = "N", defaultValue = "0", description = "First N test images (0 = all).")
    int limitTest;

    @Option(names = "--batch-size", defaultValue = "256")
    int batchSize;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--master", description = "Spark master (default local[*]).")
    String master;

    @Override
    public Integer call() {
        if (limitTest < 0 || batchSize <= 0) {
            throw new io.bnsync.config.ConfigException("--limit-test must be >= 0 and --batch-size > 0");
        }
        SparkSession spark = SparkSessions.create("bnsync-evaluate", master);
        try {
            MultiLayerNetwork net = ModelFiles.read(model, spark.sparkContext().hadoopConfiguration());
            MnistDataset test = MnistSource.load(data, Split.TEST, spark).head(limitTest);
            EvaluationReport report = Evaluator.evaluate(net, test, batchSize);
            System.out.println(json ? report.toJson() : report.toTable());
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }
}
