package io.bnsync.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistDataset;
import io.bnsync.data.SyntheticMnist;
import io.bnsync.model.MnistBatches;
import io.bnsync.model.NativeRuntime;
import io.bnsync.model.SeedNet;
import io.bnsync.train.TrainingSet;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@code evaluate --bn-population}: the error of a model's running statistics against the population statistics of
 * that same model, checked against a straightforward computation — one inference-mode forward pass over all images
 * on the driver, every channel's values collected and their mean and variance taken in double.
 */
class BnStatisticsErrorTest {
    private static final double TOLERANCE = 1e-4; // relative; float activations summed in different orders

    @Test
    void measuresEachLayerAgainstThePopulationOfTheModelAsItIs() {
        MultiLayerNetwork net = NativeRuntime.prepare(SeedNet.create(7, new Adam(1e-3)));
        int[] bn = SeedNet.batchNormLayers();
        // Running statistics far from the data's, different per layer: the first layer's wrong variance changes
        // what the second layer sees, and the truth for the second layer must be taken with it, as it is.
        net.getLayer(bn[0]).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).assign(0.3);
        net.getLayer(bn[1]).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).assign(0.2);
        MnistDataset images = SyntheticMnist.digits(300, 5);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(SparkSession.builder().appName("bn-error-test")
                .master("local[2]").config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .getOrCreate().sparkContext());

        BnStatisticsError measured = BnStatisticsError.measure(sc, net, TrainingSet.parallelize(sc, images, 3), 64);

        assertEquals(300, measured.images());
        INDArray features = MnistBatches.batch(images, 0, images.size()).getFeatures();
        List<INDArray> activations = net.feedForward(features, false);
        for (int l = 0; l < bn.length; l++) {
            double[][] values = byChannel(activations.get(bn[l]));
            double[] runningMean = net.getLayer(bn[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN)
                    .toDoubleVector();
            double[] log10Std = net.getLayer(bn[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD)
                    .toDoubleVector();
            double maxRel = 0;
            double sumRel = 0;
            double maxMean = 0;
            for (int c = 0; c < values.length; c++) {
                double mean = 0;
                for (double v : values[c]) {
                    mean += v;
                }
                mean /= values[c].length;
                double var = 0;
                for (double v : values[c]) {
                    var += (v - mean) * (v - mean);
                }
                var /= values[c].length;
                double rel = Math.abs(Math.pow(10, 2 * log10Std[c]) - var) / var;
                maxRel = Math.max(maxRel, rel);
                sumRel += rel;
                maxMean = Math.max(maxMean, Math.abs(runningMean[c] - mean));
            }
            BnStatisticsError.Layer layer = measured.layers().get(l);
            assertClose(maxRel, layer.maxRelVarError(), "layer " + l + " max rel var error");
            assertClose(sumRel / values.length, layer.meanRelVarError(), "layer " + l + " mean rel var error");
            assertClose(maxMean, layer.maxAbsMeanError(), "layer " + l + " max mean error");
            assertTrue(layer.meanRelVarError() > 0.1, "layer " + l + ": the wrong statistics show");
        }
    }

    /** Values of each channel: [N, C, H, W] or [N, C] activations as values[c][...]. */
    private static double[][] byChannel(INDArray a) {
        int channels = (int) a.size(1);
        INDArray perChannel = a.rank() == 4 ? a.permute(1, 0, 2, 3).dup().reshape(channels, -1) : a.transpose().dup();
        double[][] values = new double[channels][];
        for (int c = 0; c < channels; c++) {
            values[c] = perChannel.getRow(c).toDoubleVector();
        }
        return values;
    }

    private static void assertClose(double expected, double actual, String what) {
        assertTrue(Math.abs(expected - actual) <= TOLERANCE * Math.max(1e-3, Math.abs(expected)),
                what + ": expected " + expected + ", measured " + actual);
    }
}
