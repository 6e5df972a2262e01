package io.bnsync.train;

import io.bnsync.model.ChannelMoments;
import java.io.Serializable;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The running mean and variance of every BatchNorm layer, in double, converted from and to DL4J's
 * storage: parameters {@code mean} and {@code log10stdev} with {@code var = (10^log10stdev)^2}
 * (epsilon is added only at inference). The running update is DL4J's
 * {@code running = decay * running + (1 - decay) * batch} with the biased batch variance.
 */
public final class BnRunningStats implements Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * The smallest variance stored. A channel that is constant (a dead unit) has variance 0, and log10 of its
     * standard deviation would be −∞, a non-finite parameter that reads as divergence. Inference normalises by
     * sqrt(var + eps) with eps = 1e-5, so any variance below 1e-12 normalises identically to float precision.
     */
    static final double MIN_VARIANCE = 1e-12;

    private final double[][] mean;
    private final double[][] var;

    private BnRunningStats(double[][] mean, double[][] var) {
        this.mean = mean;
        this.var = var;
    }

    /** Reads the running statistics of the given BN layers of {@code net}. */
    public static BnRunningStats read(MultiLayerNetwork net, int[] bnLayers) {
        double[][] mean = new double[bnLayers.length][];
        double[][] var = new double[bnLayers.length][];
        for (int l = 0; l < bnLayers.length; l++) {
            mean[l] = net.getLayer(bnLayers[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN).toDoubleVector();
            double[] log10Std = net.getLayer(bnLayers[l])
                    .getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).toDoubleVector();
            var[l] = new double[log10Std.length];
            for (int c = 0; c < log10Std.length; c++) {
                var[l][c] = Math.pow(10.0, 2.0 * log10Std[c]);
            }
        }
        return new BnRunningStats(mean, var);
    }

    /** Writes these statistics into {@code net}'s BN layers, in DL4J's representation. */
    public void write(MultiLayerNetwork net, int[] bnLayers) {
        for (int l = 0; l < bnLayers.length; l++) {
            double[] log10Std = new double[var[l].length];
            for (int c = 0; c < log10Std.length; c++) {
                log10Std[c] = 0.5 * Math.log10(Math.max(var[l][c], MIN_VARIANCE));
            }
            assign(net.getLayer(bnLayers[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN), mean[l]);
            assign(net.getLayer(bnLayers[l]).getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD), log10Std);
        }
    }

    /**
     * Applies the running-average update over the merged global-batch statistics of each step of a
     * round, in order. Steps in which no worker had a batch are skipped.
     */
    public BnRunningStats updatedWith(BnStepStats steps, double decay) {
        double[][] m = deepCopy(mean);
        double[][] v = deepCopy(var);
        for (int l = 0; l < m.length; l++) {
            for (int s = 0; s < steps.steps(l); s++) {
                ChannelMoments batch = steps.get(l, s);
                if (batch.count() == 0) {
                    continue;
                }
                double[] bm = batch.mean();
                double[] bv = batch.variance();
                for (int c = 0; c < m[l].length; c++) {
                    m[l][c] = decay * m[l][c] + (1 - decay) * bm[c];
                    v[l][c] = decay * v[l][c] + (1 - decay) * bv[c];
                }
            }
        }
        return new BnRunningStats(m, v);
    }

    /** Replaces layer {@code l}'s statistics (PreciseBN population statistics). */
    public BnRunningStats withLayer(int l, ChannelMoments population) {
        double[][] m = deepCopy(mean);
        double[][] v = deepCopy(var);
        m[l] = population.mean();
        v[l] = population.variance();
        return new BnRunningStats(m, v);
    }

    public int layers() {
        return mean.length;
    }

    public double[] mean(int layer) {
        return mean[layer].clone();
    }

    public double[] variance(int layer) {
        return var[layer].clone();
    }

    /** Largest |Δmean| over channels of layer {@code l} between this and {@code reference}. */
    public double maxMeanDiff(BnRunningStats reference, int l) {
        double max = 0;
        for (int c = 0; c < mean[l].length; c++) {
            max = Math.max(max, Math.abs(mean[l][c] - reference.mean[l][c]));
        }
        return max;
    }

    /** Largest |Δvar| / var_reference over channels of layer {@code l}. */
    public double maxRelativeVarDiff(BnRunningStats reference, int l) {
        double max = 0;
        for (int c = 0; c < var[l].length; c++) {
            max = Math.max(max, Math.abs(var[l][c] - reference.var[l][c]) / reference.var[l][c]);
        }
        return max;
    }

    private static void assign(INDArray target, double[] values) {
        target.assign(Nd4j.createFromArray(values).castTo(target.dataType()).reshape(target.shape()));
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] copy = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            copy[i] = a[i].clone();
        }
        return copy;
    }
}
