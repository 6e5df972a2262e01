package io.bnsync.model;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.normalization.BatchNormalizationHelper;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A BatchNorm layer helper for float NCHW (and [n, C]) activations that does DL4J's work in a few
 * contiguous loops. DL4J M2.1's oneDNN helper spends most of BatchNorm's time outside oneDNN: the
 * batch variance through ND4J's strided Variance over axes (0, 2, 3), and a {@code batchnorm_bp}
 * several times slower than the forward pass; a JFR profile of the seed net's training showed
 * BatchNorm as the largest cost after the convolutions (docs/PERFORMANCE.md has the measured gain).
 * Same mathematics: biased batch variance, y = γ (x − μ) / √(σ² + ε) + β, and the standard
 * gradient; batch statistics and gradient sums accumulate in double, where DL4J's accumulate in
 * float. The layer keeps updating its running statistics from {@link #getMeanCache} and
 * {@link #getVarCache}. Returning null hands a case back to DL4J's built-in implementation.
 */
public final class ChannelBatchNormHelper implements BatchNormalizationHelper {
    private INDArray meanCache;
    private INDArray varCache;
    private double[] batchMean;
    private double[] batchInvStd;
    /** Who gets each training forward pass's batch moments ({@link #handMomentsTo}); null = nobody. */
    private Consumer<ChannelMoments> momentsSink;
    private float[] input = new float[0];
    private float[] outputGradient = new float[0];
    private float[] output = new float[0];

    @Override
    public boolean checkSupported(double eps, boolean fixedGammaBeta) {
        return !fixedGammaBeta;
    }

    @Override
    public boolean checkSupported() {
        return true;
    }

    @Override
    public INDArray preOutput(INDArray x, boolean training, long[] shape, INDArray gamma, INDArray beta,
                              INDArray mean, INDArray var, double decay, double eps, CNN2DFormat format,
                              LayerWorkspaceMgr workspaceMgr) {
        if (!supports(x, format)) {
            return null;
        }
        Layout layout = Layout.of(x);
        int parts = layout.parts();
        float[] xValues = FloatElements.read(x, input, parts);
        input = xValues;
        double[] mu;
        double[] invStd;
        if (training) {
            ChannelMoments moments = ChannelMoments.of(xValues, layout.n, layout.channels, layout.spatial, parts);
            if (momentsSink != null) {
                momentsSink.accept(moments);
            }
            mu = moments.mean();
            invStd = invStd(moments.variance(), eps);
            cacheBatchStatistics(mu, moments.variance(), invStd);
        } else {
            mu = vector(mean);
            invStd = invStd(vector(var), eps);
        }
        double[] g = gammaOrOnes(gamma, layout.channels);
        double[] b = beta == null ? new double[layout.channels] : vector(beta);
        float[] scale = new float[layout.channels];
        float[] shift = new float[layout.channels];
        for (int c = 0; c < layout.channels; c++) {
            double s = g[c] * invStd[c];
            scale[c] = (float) s;
            shift[c] = (float) (b[c] - mu[c] * s);
        }
        float[] result = FloatElements.ensure(output, layout.size());
        output = result;
        ParallelRanges.forEach(layout.channels, parts, (c0, c1) -> BatchNormKernels.affine(xValues, result, layout.n,
                layout.channels, layout.spatial, scale, shift, c0, c1));
        INDArray out = workspaceMgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT, x.shape(), 'c');
        FloatElements.write(result, out, parts);
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray in, INDArray epsilon, long[] shape, INDArray gamma,
                                                     INDArray beta, INDArray dGammaView, INDArray dBetaView,
                                                     double eps, CNN2DFormat format, LayerWorkspaceMgr workspaceMgr) {
        if (!supports(in, format) || batchMean == null || epsilon.dataType() != DataType.FLOAT) {
            return null;
        }
        Layout layout = Layout.of(in);
        int parts = layout.parts();
        float[] x = FloatElements.read(in, input, parts);
        float[] dy = FloatElements.read(epsilon, outputGradient, parts);
        input = x;
        outputGradient = dy;
        int channels = layout.channels;
        double[] sumDy = new double[channels];
        double[] sumDyX = new double[channels];
        ParallelRanges.forEach(channels, parts, (c0, c1) -> BatchNormKernels.gradientSums(x, dy, layout.n, channels,
                layout.spatial, sumDy, sumDyX, c0, c1));
        double[] g = gammaOrOnes(gamma, channels);
        double count = (double) layout.n * layout.spatial;
        float[] a = new float[channels];
        float[] bx = new float[channels];
        float[] d = new float[channels];
        for (int c = 0; c < channels; c++) {
            double dBeta = sumDy[c];
            double dGamma = batchInvStd[c] * (sumDyX[c] - batchMean[c] * sumDy[c]);
            double ac = g[c] * batchInvStd[c];
            double bc = -ac * batchInvStd[c] * dGamma / count;
            a[c] = (float) ac;
            bx[c] = (float) bc;
            d[c] = (float) (-ac * dBeta / count - bc * batchMean[c]);
            if (dGammaView != null) {
                dGammaView.putScalar(c, dGamma);
                dBetaView.putScalar(c, dBeta);
            }
        }
        float[] dx = FloatElements.ensure(output, layout.size());
        output = dx;
        ParallelRanges.forEach(channels, parts, (c0, c1) -> BatchNormKernels.inputGradient(x, dy, dx, layout.n,
                channels, layout.spatial, a, bx, d, c0, c1));
        INDArray epsAtInput = workspaceMgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT,
                in.shape(), 'c');
        FloatElements.write(dx, epsAtInput, parts);
        Gradient gradient = new DefaultGradient();
        gradient.setGradientFor(BatchNormalizationParamInitializer.GAMMA, dGammaView);
        gradient.setGradientFor(BatchNormalizationParamInitializer.BETA, dBetaView);
        return new Pair<>(gradient, epsAtInput);
    }

    /**
     * From now on, hands the batch moments of every training forward pass this helper normalizes to {@code sink}
     * (null: to nobody), so a recorder of each step's BatchNorm input statistics need not compute them again.
     * A pass the helper hands back to DL4J (returns null for) hands over nothing.
     */
    public void handMomentsTo(Consumer<ChannelMoments> sink) {
        momentsSink = sink;
    }

    @Override
    public INDArray getMeanCache(DataType dataType) {
        return meanCache;
    }

    @Override
    public INDArray getVarCache(DataType dataType) {
        return varCache;
    }

    @Override
    public Map<String, Long> helperMemoryUse() {
        return Map.of("scratch", 4L * (input.length + outputGradient.length + output.length));
    }

    private static boolean supports(INDArray x, CNN2DFormat format) {
        boolean channelsSecond = x.rank() == 2 || (x.rank() == 4 && format != CNN2DFormat.NHWC);
        return channelsSecond && x.dataType() == DataType.FLOAT && x.length() <= Integer.MAX_VALUE;
    }

    /** Kept for the backward pass and, as float arrays, for the layer's running-statistics update. */
    private void cacheBatchStatistics(double[] mu, double[] variance, double[] invStd) {
        batchMean = mu;
        batchInvStd = invStd;
        if (meanCache == null || meanCache.length() != mu.length) {
            try (MemoryWorkspace ignored = Nd4j.getMemoryManager().scopeOutOfWorkspaces()) {
                meanCache = Nd4j.create(DataType.FLOAT, mu.length);
                varCache = Nd4j.create(DataType.FLOAT, mu.length);
            }
        }
        for (int c = 0; c < mu.length; c++) {
            meanCache.putScalar(c, mu[c]);
            varCache.putScalar(c, variance[c]);
        }
    }

    private static double[] invStd(double[] variance, double eps) {
        double[] out = new double[variance.length];
        for (int c = 0; c < out.length; c++) {
            out[c] = 1.0 / Math.sqrt(variance[c] + eps);
        }
        return out;
    }

    private static double[] gammaOrOnes(INDArray gamma, int channels) {
        if (gamma == null) {
            double[] ones = new double[channels];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        return vector(gamma);
    }

    private static double[] vector(INDArray a) {
        return a.reshape(a.length()).toDoubleVector();
    }

    /** [n, channels, spatial] view of a [n, C] or [n, C, H, W] array. */
    private record Layout(int n, int channels, int spatial) {
        static Layout of(INDArray x) {
            int spatial = x.rank() == 4 ? (int) (x.size(2) * x.size(3)) : 1;
            return new Layout((int) x.size(0), (int) x.size(1), spatial);
        }

        int size() {
            return n * channels * spatial;
        }

        /** How many threads share this layer's loops: ND4J's, for layers large enough to be worth it. */
        int parts() {
            return ParallelRanges.parts(size(), channels);
        }
    }
}
