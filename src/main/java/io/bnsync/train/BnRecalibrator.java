package io.bnsync.train;

import io.bnsync.data.MnistDataset;
import io.bnsync.model.ChannelMoments;
import io.bnsync.model.MnistBatches;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * PreciseBN: replaces the running statistics of each BatchNorm layer by the population
 * statistics of its input over the first N training images, with the trained weights frozen.
 * Layers are done in forward order, because a layer's input depends on the (inference-mode)
 * statistics of the BN layers before it; each layer is one distributed pass merged with Chan's
 * formula, like the training rounds.
 */
public final class BnRecalibrator {
    private BnRecalibrator() {
    }

    /** Recalibrates {@code master} in place over the rows with id below {@code images}. */
    public static void recalibrate(JavaSparkContext sc, MultiLayerNetwork master, TrainingSet data,
                                   int images, int batchSize, NetworkSpec spec) {
        JavaRDD<IndexedImage> rows = data.rows().filter(r -> r.id() < images);
        Broadcast<NetworkSpec> specBroadcast = sc.broadcast(spec);
        try {
            for (int l = 0; l < spec.bnLayers().length; l++) {
                Broadcast<float[]> params = sc.broadcast(NetworkState.params(master));
                ChannelMoments population;
                try {
                    population = layerInputStats(rows, specBroadcast, params, l, batchSize);
                } finally {
                    params.destroy();
                }
                BnRunningStats.read(master, spec.bnLayers()).withLayer(l, population).write(master, spec.bnLayers());
            }
        } finally {
            specBroadcast.destroy();
        }
    }

    /**
     * The population statistics of every BN layer's input over the rows with id below {@code images}, all taken
     * from {@code net} as it is (inference mode: each layer's input normalised by the running statistics the net
     * holds upstream) — what {@code net}'s own running statistics should be. Nothing is written to {@code net}.
     */
    public static List<ChannelMoments> populationStats(JavaSparkContext sc, MultiLayerNetwork net, TrainingSet data,
                                                     int images, int batchSize, NetworkSpec spec) {
        JavaRDD<IndexedImage> rows = data.rows().filter(r -> r.id() < images);
        Broadcast<NetworkSpec> specBroadcast = sc.broadcast(spec);
        Broadcast<float[]> params = sc.broadcast(NetworkState.params(net));
        try {
            List<ChannelMoments> stats = new ArrayList<>();
            for (int l = 0; l < spec.bnLayers().length; l++) {
                stats.add(layerInputStats(rows, specBroadcast, params, l, batchSize));
            }
            return stats;
        } finally {
            params.destroy();
            specBroadcast.destroy();
        }
    }

    private static ChannelMoments layerInputStats(JavaRDD<IndexedImage> rows, Broadcast<NetworkSpec> spec,
                                                Broadcast<float[]> params, int layer, int batchSize) {
        // Per-partition statistics merged in partition order, so the result's bits never depend on task timing.
        ChannelMoments merged = ChannelMoments.empty();
        rows.mapPartitions(it -> partitionStats(it, spec.value(), params.value(), layer, batchSize)).collect()
                .forEach(merged::merge);
        return merged;
    }

    private static Iterator<ChannelMoments> partitionStats(Iterator<IndexedImage> it, NetworkSpec spec, float[] params,
                                                         int layer, int batchSize) {
        List<byte[]> pixels = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        it.forEachRemaining(r -> {
            pixels.add(r.pixels());
            labels.add((int) r.label());
        });
        ChannelMoments stats = ChannelMoments.empty();
        if (pixels.isEmpty()) {
            return Collections.singletonList(stats).iterator();
        }
        MnistDataset part = MnistDataset.ofRows(pixels, labels);
        MultiLayerNetwork net = WorkerNetworks.borrow(spec);
        try {
            NetworkState.load(net, params, new float[0]);
            int bnIndex = spec.bnLayers()[layer];
            for (int from = 0; from < part.size(); from += batchSize) {
                var features = MnistBatches.batch(part, from, Math.min(from + batchSize, part.size())).getFeatures();
                // Entry i of the list is the input of layer i; inference mode uses running BN statistics.
                var activations = net.feedForwardToLayer(bnIndex - 1, features, false);
                stats.merge(ChannelMoments.of(activations.get(bnIndex), null));
            }
        } finally {
            WorkerNetworks.release(spec, net);
        }
        return Collections.singletonList(stats).iterator();
    }
}
