package io.bnsync.config;

import io.bnsync.model.OptimizerKind;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The effective configuration of one training run: defaults from {@code conf/train.conf},
 * overridden by the environment ({@code MNIST_DIR}) and the command line. Immutable and
 * serializable so it can ride along to executors; written into every run directory.
 *
 * @param data               IDX folder or Parquet folder, local path or Hadoop URI
 * @param dataIsDefault      true when {@code data} is the built-in default (then it may be downloaded)
 * @param limitTrain         first N training images in file order, 0 = all
 * @param limitTest          first N test images in file order, 0 = all
 * @param learningRate       initial learning rate
 * @param lrDecay            multiplicative learning-rate decay per epoch
 * @param workers            Spark tasks training in parallel (W); {@link #AUTO_WORKERS} until resolved against the
 *                           Spark context ({@code train.WorkerCount}), before anything trains or is recorded
 * @param averagingFrequency minibatches each worker trains per round (K)
 * @param bnRecalibrate      images for PreciseBN recalibration after training, 0 = off
 * @param progressSeconds    seconds between progress lines
 * @param checkpointEvery    rounds between checkpoints, 0 = none
 */
public record TrainConfig(
        String data,
        boolean dataIsDefault,
        int epochs,
        int batchSize,
        long seed,
        int limitTrain,
        int limitTest,
        OptimizerKind optimizer,
        double learningRate,
        double lrDecay,
        int workers,
        int averagingFrequency,
        BnSync bnSync,
        Engine engine,
        Partitioning partitioning,
        int bnRecalibrate,
        double progressSeconds,
        int checkpointEvery) implements java.io.Serializable {

    /** {@code workers = auto}: one worker per core in local mode, one per task slot on a cluster. */
    public static final int AUTO_WORKERS = 0;

    /**
     * The configuration of typed values by key ({@link TrainKey}), as the loader reads them.
     *
     * @param dataIsDefault true when {@code data} is the built-in default (then it may be downloaded)
     */
    static TrainConfig of(Map<TrainKey, Object> v, boolean dataIsDefault) {
        return new TrainConfig((String) v.get(TrainKey.DATA), dataIsDefault, (Integer) v.get(TrainKey.EPOCHS),
                (Integer) v.get(TrainKey.BATCH_SIZE), (Long) v.get(TrainKey.SEED), (Integer) v.get(TrainKey.LIMIT_TRAIN),
                (Integer) v.get(TrainKey.LIMIT_TEST), (OptimizerKind) v.get(TrainKey.OPTIMIZER),
                (Double) v.get(TrainKey.LEARNING_RATE), (Double) v.get(TrainKey.LR_DECAY),
                (Integer) v.get(TrainKey.WORKERS), (Integer) v.get(TrainKey.AVERAGING_FREQUENCY),
                (BnSync) v.get(TrainKey.BN_SYNC), (Engine) v.get(TrainKey.ENGINE),
                (Partitioning) v.get(TrainKey.PARTITIONING), (Integer) v.get(TrainKey.BN_RECALIBRATE),
                (Double) v.get(TrainKey.PROGRESS_SECONDS), (Integer) v.get(TrainKey.CHECKPOINT_EVERY));
    }

    /** The same configuration with {@code workers} replaced. */
    public TrainConfig withWorkers(int count) {
        return with(TrainKey.WORKERS, count, dataIsDefault);
    }

    /** The same configuration with {@code dataIsDefault} replaced. */
    public TrainConfig withDataDefault(boolean isDefault) {
        return with(TrainKey.DATA, data, isDefault);
    }

    private TrainConfig with(TrainKey key, Object value, boolean isDefault) {
        Map<TrainKey, Object> values = new EnumMap<>(TrainKey.class);
        for (TrainKey k : TrainKey.values()) {
            values.put(k, k.valueIn(this));
        }
        values.put(key, value);
        return of(values, isDefault);
    }

    /** The effective configuration as ordered key/value pairs, with the same keys as train.conf. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TrainKey k : TrainKey.values()) {
            m.put(k.key(), k.recordedIn(this));
        }
        return m;
    }
}
