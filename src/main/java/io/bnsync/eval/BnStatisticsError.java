package io.bnsync.eval;

import io.bnsync.model.ChannelMoments;
import io.bnsync.model.SeedNet;
import io.bnsync.train.BnRecalibrator;
import io.bnsync.train.BnRunningStats;
import io.bnsync.train.NetworkSpec;
import io.bnsync.train.TrainingSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How far a model's BatchNorm running statistics are from the population statistics of the same model over a set
 * of images: for each BN layer, the statistics of its input over those images, with the model exactly as it is
 * (inference mode, so each layer's input is normalised by the running statistics the model holds upstream). That is
 * the error that inexact statistics sync leaves in a model used in inference mode. Measure it on images that were
 * not used to recalibrate the model (PreciseBN), else the error is zero by construction.
 *
 * @param layers per BN layer: max and mean over channels of |running var − population var| /
 *               population var, and max |running mean − population mean|
 */
public record BnStatisticsError(int images, List<Layer> layers) {

    /** One BN layer's error. */
    public record Layer(int bnLayer, double maxRelVarError, double meanRelVarError, double maxAbsMeanError) {
    }

    /** The error of {@code net}'s running statistics against the population of {@code data}'s images. */
    public static BnStatisticsError measure(JavaSparkContext sc, MultiLayerNetwork net, TrainingSet data,
                                            int batchSize) {
        int[] bn = SeedNet.batchNormLayers();
        List<ChannelMoments> population = BnRecalibrator.populationStats(sc, net, data, Integer.MAX_VALUE, batchSize,
                NetworkSpec.of(net, 1, sc));
        BnRunningStats running = BnRunningStats.read(net, bn);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < bn.length; l++) {
            double[] rm = running.mean(l);
            double[] rv = running.variance(l);
            double[] pm = population.get(l).mean();
            double[] pv = population.get(l).variance();
            double sum = 0;
            double maxVar = 0;
            double maxMean = 0;
            for (int c = 0; c < rv.length; c++) {
                double rel = Math.abs(rv[c] - pv[c]) / pv[c];
                sum += rel;
                maxVar = Math.max(maxVar, rel);
                maxMean = Math.max(maxMean, Math.abs(rm[c] - pm[c]));
            }
            layers.add(new Layer(l, maxVar, sum / rv.length, maxMean));
        }
        return new BnStatisticsError(data.size(), layers);
    }
}
