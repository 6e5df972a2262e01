package io.bnsync.pipeline;

import io.bnsync.config.TrainConfig;
import io.bnsync.model.ModelFiles;
import io.bnsync.model.SeedNet;
import io.bnsync.store.Checkpoints;
import io.bnsync.train.TrainingProgress;
import org.apache.hadoop.conf.Configuration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The network a run starts from and where in training it stands: a fresh net, a warm start from a
 * published model (its weights and BatchNorm statistics; a fresh optimizer), or a checkpoint.
 *
 * @param warmStartedFrom the model a warm start came from, or null
 */
public record StartingPoint(MultiLayerNetwork net, TrainingProgress progress, String warmStartedFrom,
                            boolean resumed) {

    public static StartingPoint fresh(TrainConfig config) {
        return new StartingPoint(newNet(config), TrainingProgress.start(), null, false);
    }

    /** Starts from {@code modelUri}'s parameters; a model of another architecture is refused (exit 4). */
    public static StartingPoint warm(TrainConfig config, String modelUri, Configuration conf) {
        MultiLayerNetwork source = ModelFiles.read(modelUri, conf);
        MultiLayerNetwork net = newNet(config);
        net.setParams(source.params());
        return new StartingPoint(net, TrainingProgress.start(), modelUri, false);
    }

    public static StartingPoint resume(Checkpoints.Restored checkpoint) {
        return new StartingPoint(checkpoint.net(), checkpoint.progress(), null, true);
    }

    private static MultiLayerNetwork newNet(TrainConfig config) {
        return SeedNet.create(config.seed(), config.optimizer().updater(config.learningRate(), config.lrDecay()));
    }
}
