package io.bnsync.eval;

import io.bnsync.model.BatchNormHelpers;
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
 * How far a model's BatchNorm running statistics are from the population statistics of the same
 * weights (computed PreciseBN-style over training images): the error that inexact statistics
 * sync leaves in a model used in inference mode.
 *
 * @param layers per BN layer: max and mean over channels of |running var − population var| /
 *               population var, and max |running mean − population mean|
 */
public record BnStatisticsError(int images, List<Layer> layers) {

    /** One BN layer's error. */
    public record Layer(int bnLayer, double maxRelVarError, double meanRelVarError, double maxAbsMeanError) {
    }

    public static BnStatisticsError measure(JavaSparkContext sc, MultiLayerNetwork net, TrainingSet data,
                                            int images, int batchSize) {
        MultiLayerNetwork population = BatchNormHelpers.install(net.clone());
        BnRecalibrator.recalibrate(sc, population, data, images, batchSize, NetworkSpec.of(population, 1, sc));
        int[] bn = SeedNet.batchNormLayers();
        BnRunningStats running = BnRunningStats.read(net, bn);
        BnRunningStats truth = BnRunningStats.read(population, bn);
        List<Layer> layers = new ArrayList<>();
        for (int l = 0; l < bn.length; l++) {
            double[] rv = running.variance(l);
            double[] pv = truth.variance(l);
            double sum = 0;
            for (int c = 0; c < rv.length; c++) {
                sum += Math.abs(rv[c] - pv[c]) / pv[c];
            }
            layers.add(new Layer(l, running.maxRelativeVarDiff(truth, l), sum / rv.length, running.maxMeanDiff(truth, l)));
        }
        return new BnStatisticsError(Math.min(images, data.size()), layers);
    }
}
