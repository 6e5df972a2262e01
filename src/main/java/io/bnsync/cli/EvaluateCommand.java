package io.bnsync.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bnsync.data.DataLocation;
import io.bnsync.data.MnistDataset;
import io.bnsync.data.MnistFiles.Split;
import io.bnsync.data.MnistSource;
import io.bnsync.eval.BnStatisticsError;
import io.bnsync.eval.EvaluationReport;
import io.bnsync.eval.Evaluator;
import io.bnsync.model.ModelFiles;
import io.bnsync.train.TrainingSet;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code evaluate}: accuracy, loss, per-class precision/recall/F1 and the confusion matrix. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the MNIST test set (inference mode, running BatchNorm statistics).")
final class EvaluateCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

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

    @Option(names = "--bn-population", paramLabel = "N", defaultValue = "0",
            description = "Also report the error of the running BN statistics against the population statistics "
                    + "of the same model over the last N training images (0 = off); held out from PreciseBN "
                    + "(--bn-recalibrate M) when M + N <= the training images.")
    int bnPopulation;

    @Override
    public Integer call() {
        if (limitTest < 0 || batchSize <= 0 || bnPopulation < 0) {
            throw new io.bnsync.config.ConfigException(limitTest < 0 ? "invalid value " + limitTest + " for --limit-test: must be 0 or more"
                    : batchSize <= 0 ? "invalid value " + batchSize + " for --batch-size: must be a positive integer"
                    : "invalid value " + bnPopulation + " for --bn-population: must be 0 or more");
        }
        SparkSession spark = SparkSessions.create("bnsync-evaluate", master);
        try {
            MultiLayerNetwork net = ModelFiles.read(model, spark.sparkContext().hadoopConfiguration());
            DataLocation images = MnistSource.locate(data, spark);
            MnistDataset test = MnistSource.load(images, Split.TEST, spark).head(limitTest);
            EvaluationReport report = Evaluator.evaluate(net, test, batchSize);
            BnStatisticsError bnError = bnPopulation == 0 ? null : bnError(spark, net, images);
            System.out.println(json ? json(report, bnError) : table(report, bnError));
            return ExitCode.OK;
        } finally {
            spark.stop();
        }
    }

    private BnStatisticsError bnError(SparkSession spark, MultiLayerNetwork net, DataLocation images) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        MnistDataset train = MnistSource.load(images, Split.TRAIN, spark);
        int n = Math.min(bnPopulation, train.size());
        MnistDataset heldOut = train.select(java.util.stream.IntStream.range(train.size() - n, train.size()).toArray());
        return BnStatisticsError.measure(sc, net, TrainingSet.parallelize(sc, heldOut, sc.defaultParallelism()),
                batchSize);
    }

    private static String json(EvaluationReport report, BnStatisticsError bnError) {
        if (bnError == null) {
            return report.toJson();
        }
        try {
            ObjectNode root = (ObjectNode) MAPPER.readTree(report.toJson());
            root.set("bn_running_variance_error", MAPPER.valueToTree(bnError));
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String table(EvaluationReport report, BnStatisticsError bnError) {
        StringBuilder sb = new StringBuilder(report.toTable());
        if (bnError != null) {
            sb.append(String.format(Locale.ROOT, "%nBN running statistics vs population (last %d training images):%n",
                    bnError.images()));
            for (BnStatisticsError.Layer l : bnError.layers()) {
                sb.append(String.format(Locale.ROOT, "  BN layer %d: max rel error %.4f, mean rel error %.4f, "
                        + "max |mean error| %.4f%n", l.bnLayer(), l.maxRelVarError(), l.meanRelVarError(),
                        l.maxAbsMeanError()));
            }
        }
        return sb.toString();
    }
}
