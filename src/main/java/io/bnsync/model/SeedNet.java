package io.bnsync.model;

import io.bnsync.data.MnistDataset;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The seed net, layer for layer as PyTorch's MNIST example with BatchNorm:
 * conv 1→32 3x3 → BN → ReLU → conv 32→64 3x3 → BN → ReLU → max-pool 2x2 → dropout 0.25 →
 * dense 9216→128 → BN → ReLU → dense 128→10 → softmax with NLL (= log-softmax / NLL).
 */
public final class SeedNet {
    /** BatchNorm epsilon, as PyTorch's default. */
    public static final double BN_EPS = 1e-5;
    /** DL4J's decay is 1 − PyTorch's momentum (0.1). */
    public static final double BN_DECAY = 0.9;
    /** DL4J's dropout argument is the probability of RETAINING an activation. */
    public static final double DROPOUT_RETAIN = 0.75;
    /** Trainable parameters (weights, biases, BN gamma/beta). */
    public static final long TRAINABLE_PARAMS = 1_200_330;
    /** BN running statistics stored as DL4J parameters (mean and log10stdev per channel). */
    public static final long RUNNING_STATS = 448;
    public static final long TOTAL_PARAMS = TRAINABLE_PARAMS + RUNNING_STATS;
    /** Layer indices of the three BatchNorm layers, in forward order. */
    private static final int[] BN_LAYERS = {1, 4, 9};

    private SeedNet() {
    }

    public static MultiLayerConfiguration configuration(long seed, IUpdater updater) {
        return configuration(seed, updater, true);
    }

    /**
     * The seed net, or with {@code dropout = false} the same net with its dropout layer passing
     * everything through: only for tests that replay training step by step and must see the
     * same activations as the trainer did.
     */
    public static MultiLayerConfiguration configuration(long seed, IUpdater updater, boolean dropout) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(conv(32))
                .layer(batchNorm())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(conv(64))
                .layer(batchNorm())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(dropout ? DROPOUT_RETAIN : 1.0).build())
                .layer(new DenseLayer.Builder().nOut(128).activation(Activation.IDENTITY).build())
                .layer(batchNorm())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.NEGATIVELOGLIKELIHOOD)
                        .nOut(MnistDataset.CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(MnistDataset.ROWS, MnistDataset.COLS, 1))
                .build();
    }

    /** A freshly initialized network. */
    public static MultiLayerNetwork create(long seed, IUpdater updater) {
        NativeRuntime.start();
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(seed, updater));
        net.init();
        return NativeRuntime.prepare(net);
    }

    /** Indices of the BatchNorm layers (a copy). */
    public static int[] batchNormLayers() {
        return BN_LAYERS.clone();
    }

    private static ConvolutionLayer conv(int channels) {
        return new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(channels)
                .activation(Activation.IDENTITY).build();
    }

    private static BatchNormalization batchNorm() {
        return new BatchNormalization.Builder().eps(BN_EPS).decay(BN_DECAY).useLogStd(true).build();
    }
}
