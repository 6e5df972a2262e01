package io.bnsync.config;

import io.bnsync.model.OptimizerKind;
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

    /** The same configuration with {@code workers} replaced. */
    public TrainConfig withWorkers(int count) {
        return new TrainConfig(data, dataIsDefault, epochs, batchSize, seed, limitTrain, limitTest, optimizer,
                learningRate, lrDecay, count, averagingFrequency, bnSync, engine, partitioning, bnRecalibrate,
                progressSeconds, checkpointEvery);
    }

    /** The same configuration with {@code dataIsDefault} replaced. */
    public TrainConfig withDataDefault(boolean isDefault) {
        return new TrainConfig(data, isDefault, epochs, batchSize, seed, limitTrain, limitTest, optimizer,
                learningRate, lrDecay, workers, averagingFrequency, bnSync, engine, partitioning, bnRecalibrate,
                progressSeconds, checkpointEvery);
    }

    /** The effective configuration as ordered key/value pairs, with the same keys as train.conf. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("epochs", epochs);
        m.put("batch-size", batchSize);
        m.put("seed", seed);
        m.put("limit-train", limitTrain);
        m.put("limit-test", limitTest);
        m.put("optimizer", optimizer.name().toLowerCase());
        m.put("learning-rate", learningRate);
        m.put("lr-decay", lrDecay);
        m.put("workers", workers == AUTO_WORKERS ? (Object) "auto" : (Object) workers);
        m.put("averaging-frequency", averagingFrequency);
        m.put("bn-sync", ConfigKeys.lower(bnSync));
        m.put("engine", ConfigKeys.lower(engine));
        m.put("partitioning", ConfigKeys.lower(partitioning));
        m.put("bn-recalibrate", bnRecalibrate);
        m.put("progress-seconds", progressSeconds);
        m.put("checkpoint-every", checkpointEvery);
        return m;
    }
}
