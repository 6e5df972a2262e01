package io.bnsync.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bnsync.data.MnistDataset;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

class EvaluatorTest {
    private static MultiLayerNetwork untrainedNet() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(11)
                .list()
                .layer(new DenseLayer.Builder().nIn(MnistDataset.PIXELS).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(16).nOut(MnistDataset.CLASSES).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static MnistDataset randomImages(int n) {
        Random random = new Random(5);
        byte[] images = new byte[n * MnistDataset.PIXELS];
        byte[] labels = new byte[n];
        random.nextBytes(images);
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(MnistDataset.CLASSES);
        }
        return new MnistDataset(images, labels);
    }

    @Test
    void evaluatesUntrainedNetOverPartialLastBatch() {
        MnistDataset data = randomImages(37);
        EvaluationReport r = Evaluator.evaluate(untrainedNet(), data, 10);

        assertEquals(37, r.count());
        assertTrue(r.accuracy() >= 0 && r.accuracy() <= 1, "accuracy " + r.accuracy());
        assertTrue(Double.isFinite(r.loss()) && r.loss() > 0, "loss " + r.loss());
        for (int c = 0; c < MnistDataset.CLASSES; c++) {
            long expectedSupport = 0;
            for (int i = 0; i < data.size(); i++) {
                expectedSupport += data.label(i) == c ? 1 : 0;
            }
            assertEquals(expectedSupport, r.support(c), "support of class " + c);
        }
    }

    @Test
    void batchSizeDoesNotChangeTheResult() {
        MnistDataset data = randomImages(25);
        MultiLayerNetwork net = untrainedNet();
        EvaluationReport small = Evaluator.evaluate(net, data, 4);
        EvaluationReport large = Evaluator.evaluate(net, data, 100);
        for (int t = 0; t < MnistDataset.CLASSES; t++) {
            assertArrayEquals(large.confusionMatrix()[t], small.confusionMatrix()[t]);
        }
        assertEquals(large.loss(), small.loss(), 1e-6);
    }

    @Test
    void emptyDatasetGivesEmptyReport() {
        EvaluationReport r = Evaluator.evaluate(untrainedNet(), MnistDataset.empty(), 8);
        assertEquals(0, r.count());
        assertEquals(0.0, r.loss());
    }
}
