package io.bnsync.train;

import io.bnsync.config.TrainConfig;
import io.bnsync.model.MnistBatches;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.DataSet;

/**
 * The reference baseline: the same net, shards and minibatches trained by dl4j-spark's
 * {@code ParameterAveragingTrainingMaster} (Direct approach, no repartitioning), which averages
 * every parameter arithmetically, BatchNorm's mean and log10stdev included.
 */
public final class Dl4jSparkTrainer {
    private final JavaSparkContext sc;
    private final TrainConfig config;
    private final TrainingObserver observer;

    public Dl4jSparkTrainer(JavaSparkContext sc, TrainConfig config, TrainingObserver observer) {
        this.sc = sc;
        this.config = WorkerCount.resolve(config, sc.sc()); // callers may pass workers = auto
        this.observer = observer;
    }

    /** Trains {@code net} in place; returns the number of averaging rounds dl4j-spark ran (estimated). */
    public int train(MultiLayerNetwork net, TrainingSet data) {
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(config.workers(),
                config.batchSize())
                .batchSizePerWorker(config.batchSize())
                .averagingFrequency(config.averagingFrequency())
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .rngSeed(config.seed())
                .build();
        SparkDl4jMultiLayer sparkNet = new SparkDl4jMultiLayer(sc, net, master);
        int batchSize = config.batchSize(); // a local, so the closure below does not capture this trainer
        int rounds = 0;
        for (int epoch = 0; epoch < config.epochs(); epoch++) {
            long start = System.nanoTime();
            ShardPlan plan = ShardPlan.create(data.labels(), config.workers(), config.partitioning(), config.seed(), epoch);
            Broadcast<ShardPlan> planBroadcast = sc.broadcast(plan);
            JavaRDD<DataSet> batches = ShardBuilder.build(data.rows(), planBroadcast, config.workers())
                    .flatMap(shard -> minibatches(shard, batchSize).iterator());
            try {
                sparkNet.fit(batches); // dl4j-spark persists the RDD itself
            } finally {
                planBroadcast.destroy();
            }
            int steps = MnistBatches.batchCount(plan.largestShard(), config.batchSize());
            rounds += (steps + config.averagingFrequency() - 1) / config.averagingFrequency();
            observer.onEpoch(new EpochRecord(epoch, sparkNet.getScore(), data.size(), (System.nanoTime() - start) / 1e9,
                    Double.NaN));
        }
        if (sparkNet.getNetwork() != net) {
            net.setParams(sparkNet.getNetwork().params());
        }
        return rounds;
    }

    private static List<DataSet> minibatches(Shard shard, int batchSize) {
        List<DataSet> out = new ArrayList<>();
        for (int from = 0; from < shard.data().size(); from += batchSize) {
            out.add(MnistBatches.batch(shard.data(), from, Math.min(from + batchSize, shard.data().size())));
        }
        return out;
    }
}
