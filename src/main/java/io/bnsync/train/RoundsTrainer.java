package io.bnsync.train;

import io.bnsync.config.TrainConfig;
import io.bnsync.data.DataException;
import io.bnsync.model.MnistBatches;
import io.bnsync.transport.DriverEndpoint;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * The driver loop of the {@code rounds} engine: per epoch, shard the data; per round, broadcast
 * the master state (or publish it at the driver's endpoint, {@link PushedMerge}), let every worker train K minibatches
 * of its shard, merge the results in a fixed order ({@link OrderedMerge}, {@link PushedMerge} or
 * {@link SlicedMerge}), and update the master network (parameters averaged, BatchNorm running statistics synced).
 */
public final class RoundsTrainer {
    private final JavaSparkContext sc;
    private final TrainConfig config;
    private final TrainingObserver observer;
    private final MergeTopology merge;

    public RoundsTrainer(JavaSparkContext sc, TrainConfig config, TrainingObserver observer) {
        this.sc = sc;
        this.config = WorkerCount.resolve(config, sc.sc()); // callers may pass workers = auto
        this.observer = observer;
        this.merge = MergeTopology.parse(sc.getConf().get(MergeTopology.PROPERTY, "auto"))
                .resolve(this.config.workers(), sc.getConf());
    }

    /** Trains {@code master} in place on {@code data} from the start; returns the number of rounds run. */
    public int train(MultiLayerNetwork master, TrainingSet data) {
        return train(master, data, TrainingProgress.start());
    }

    /**
     * Trains {@code master} in place from {@code progress} (a fresh start or a checkpoint); returns
     * the global number of rounds run. Throws {@link TrainingDivergedException} on a non-finite round.
     */
    public int train(MultiLayerNetwork master, TrainingSet data, TrainingProgress progress) {
        Broadcast<NetworkSpec> specBroadcast = sc.broadcast(NetworkSpec.of(master, config.workers(), sc));
        try (DriverEndpoint<WorkerUpdate> endpoint =
                     merge == MergeTopology.PUSH ? DriverEndpoints.open(sc.getConf()) : null) {
            while (progress.epoch() < config.epochs()) {
                progress = trainEpoch(master, data, specBroadcast, endpoint, progress);
            }
        } finally {
            specBroadcast.destroy();
            PulledInputs.forget();
        }
        return progress.round();
    }

    private TrainingProgress trainEpoch(MultiLayerNetwork master, TrainingSet data, Broadcast<NetworkSpec> spec,
                                        DriverEndpoint<WorkerUpdate> endpoint, TrainingProgress progress) {
        int epoch = progress.epoch();
        ShardPlan plan = ShardPlan.create(data.labels(), config.workers(), config.partitioning(), config.seed(), epoch);
        plan.requireBatchesFit(config.batchSize());
        Broadcast<ShardPlan> planBroadcast = sc.broadcast(plan);
        JavaRDD<Shard> shards = ShardBuilder.build(data.rows(), planBroadcast, config.workers())
                .persist(StorageLevel.MEMORY_ONLY());
        int steps = MnistBatches.batchCount(plan.largestShard(), config.batchSize());
        int k = config.averagingFrequency();
        int rounds = (steps + k - 1) / k;
        try {
            for (int r = progress.roundInEpoch(); r < rounds; r++) {
                long start = System.nanoTime();
                RoundRecord record = runRound(master, shards, spec, endpoint, epoch, progress.round(), r * k,
                        Math.min(k, steps - r * k));
                progress = progress.afterRound(record, (System.nanoTime() - start) / 1e9);
                observer.onRound(record, r + 1, rounds);
                if (r + 1 == rounds) {
                    master.setEpochCount(epoch + 1);
                    observer.onEpoch(new EpochRecord(epoch, progress.epochLossSum() / progress.epochSamples(),
                            progress.epochSamples(), progress.epochSeconds(), Double.NaN));
                    progress = progress.nextEpoch();
                }
                observer.afterRound(master, progress);
            }
        } finally {
            shards.unpersist(false);
            planBroadcast.destroy();
        }
        return progress;
    }

    private RoundRecord runRound(MultiLayerNetwork master, JavaRDD<Shard> shards, Broadcast<NetworkSpec> spec,
                                 DriverEndpoint<WorkerUpdate> endpoint, int epoch, int round, int firstStep,
                                 int steps) {
        RoundInput input = roundInput(master, epoch, round, firstStep, steps);
        long start = System.nanoTime();
        RoundResult result;
        ExchangeTimes exchange = ExchangeTimes.NOT_MEASURED;
        if (merge == MergeTopology.PUSH) {
            PushedMerge.Round pushed = PushedMerge.of(shards, spec, input, endpoint);
            result = pushed.result();
            exchange = pushed.exchange();
        } else {
            result = broadcastAndMerge(shards, spec, input);
        }
        long aggregated = System.nanoTime();
        if (result.samples() == 0) {
            throw new DataException("round " + round + " (epoch " + (epoch + 1) + "): every worker's shard is empty:"
                    + " the training rows did not reach the workers (the training set's rows and labels disagree)");
        }
        int active = result.localRunningStats().size();
        List<RoundRecord.BnDrift> drift;
        try {
            drift = DriverUpdate.apply(master, result, config.bnSync(), spec.value().bnLayers(), steps);
        } catch (TrainingDivergedException e) {
            throw new TrainingDivergedException(e.getMessage() + " (round " + round + ", epoch " + (epoch + 1) + ")");
        }
        long updated = System.nanoTime();
        double compute = active == 0 ? 0 : result.telemetry().computeNanos() / 1e9 / active;
        long stateBytes = (long) (input.params().length + input.updaterState().length) * Float.BYTES;
        return new RoundRecord(round, epoch, result.meanLoss(), result.samples(), active, compute,
                result.telemetry().slowestComputeNanos() / 1e9,
                Math.max(0, (aggregated - start) / 1e9 - compute), (updated - aggregated) / 1e9,
                stateBytes, result.telemetry().bytesSent(), result.telemetry().memory(), exchange, drift);
    }

    private RoundResult broadcastAndMerge(JavaRDD<Shard> shards, Broadcast<NetworkSpec> spec, RoundInput input) {
        Broadcast<RoundInput> broadcast = sc.broadcast(input);
        try {
            return trainAndMerge(shards, spec, broadcast, merge == MergeTopology.SLICED);
        } finally {
            broadcast.destroy();
        }
    }

    /** Static, so the closures capture only broadcasts, never this driver object. */
    private static RoundResult trainAndMerge(JavaRDD<Shard> shards, Broadcast<NetworkSpec> spec,
                                             Broadcast<RoundInput> input, boolean sliced) {
        JavaRDD<WorkerUpdate> updates = shards.map(shard -> WorkerStep.run(spec.value(), input.value(), shard));
        return sliced ? SlicedMerge.of(updates) : OrderedMerge.of(updates);
    }

    private RoundInput roundInput(MultiLayerNetwork master, int epoch, int round, int firstStep, int steps) {
        return new RoundInput(NetworkState.params(master), NetworkState.updaterState(master),
                master.getIterationCount(), epoch, round, firstStep, steps, config.batchSize(), config.seed(),
                InjectedFault.partitionFor(sc.getConf(), round));
    }

}
