package io.bnsync.config;

import com.typesafe.config.Config;
import io.bnsync.model.OptimizerKind;
import java.util.function.Function;

/**
 * The one table of training options. Each row is a key as train.conf, the command line ({@code --KEY VALUE}) and
 * config.json spell it, its default, how its value is read and checked, its help text, and the value a run
 * records. {@link TrainConfigLoader} reads by it, {@code train} and {@code pipeline} build their options from it,
 * {@link TrainConfig#asMap} records by it, and conf/train.conf and README's option list are rendered from it
 * ({@link #defaultsFile}, {@link #markdownTable}; tests keep them equal). Adding an option is a row here, a field of
 * {@link TrainConfig}, and the code that uses it.
 */
public enum TrainKey {
    DATA("data", "DIR_OR_URI", "data/mnist", "IDX folder (.gz or raw) or Parquet folder from `prepare`; local path "
            + "or Hadoop URI. The environment variable MNIST_DIR overrides this default; --data overrides both. When "
            + "the default folder lacks the files they are downloaded (checksums verified).",
            ConfigValues::text, TrainConfig::data),
    EPOCHS("epochs", "N", "1", "Passes over the training set.", ConfigValues::positiveInt, TrainConfig::epochs),
    BATCH_SIZE("batch-size", "B", "64", "Images per minibatch of each worker.", ConfigValues::positiveInt,
            TrainConfig::batchSize),
    SEED("seed", "N", "42", "Seed of the initial weights, the shuffles and dropout.", ConfigValues::longInt,
            TrainConfig::seed),
    LIMIT_TRAIN("limit-train", "N", "0", "Train on the first N images in file order; 0 = all.",
            ConfigValues::nonNegativeInt, TrainConfig::limitTrain),
    LIMIT_TEST("limit-test", "N", "0", "Test on the first N images in file order; 0 = all.",
            ConfigValues::nonNegativeInt, TrainConfig::limitTest),
    OPTIMIZER("optimizer", "NAME", "adadelta", "adadelta (PyTorch MNIST example: lr 1.0, x0.7 per epoch) or adam "
            + "(lr 0.001).", ConfigValues.oneOf(OptimizerKind.class), TrainConfig::optimizer),
    LEARNING_RATE("learning-rate", "RATE", "auto", "Initial learning rate; \"auto\" = the optimizer's default.",
            ConfigValues::positiveDoubleOrAuto, TrainConfig::learningRate),
    LR_DECAY("lr-decay", "FACTOR", "0.7", "Learning-rate factor per epoch, in (0, 1].", ConfigValues::fraction,
            TrainConfig::lrDecay),
    WORKERS("workers", "W", "auto", "Spark tasks training in parallel, each on its own shard. \"auto\": one per core "
            + "in local mode (each with one ND4J thread: the fastest way to use a machine's cores, "
            + "docs/PERFORMANCE.md); on a cluster, one per task slot of spark.executor.instances x "
            + "spark.executor.cores / spark.task.cpus (give a number when those are not set).",
            ConfigValues::positiveIntOrAuto, TrainConfig::workers),
    AVERAGING_FREQUENCY("averaging-frequency", "K", "16", "Minibatches each worker trains between two parameter "
            + "averagings.", ConfigValues::positiveInt, TrainConfig::averagingFrequency),
    BN_SYNC("bn-sync", "MODE", "exact", "exact: Chan-merged BatchNorm statistics; naive: average log10(std) like "
            + "stock dl4j-spark.", ConfigValues.oneOf(BnSync.class), TrainConfig::bnSync),
    ENGINE("engine", "NAME", "rounds", "rounds (this project) or dl4j-spark (ParameterAveragingTrainingMaster "
            + "baseline).", ConfigValues.oneOf(Engine.class), TrainConfig::engine),
    PARTITIONING("partitioning", "MODE", "iid", "iid (seeded shuffle per epoch), by-label (shards cut from "
            + "label-sorted data), or skewed (iid data, shard w holds a share proportional to w + 1: very uneven "
            + "shards).", ConfigValues.oneOf(Partitioning.class), TrainConfig::partitioning),
    BN_RECALIBRATE("bn-recalibrate", "N", "10000", "PreciseBN: recompute BN statistics over the first N training "
            + "images after training (all when fewer); 0 = off. On by default: the lowest held-out BN error in "
            + "README's experiment, and the best accuracy in 3 of its 4 cells.", ConfigValues::nonNegativeInt,
            TrainConfig::bnRecalibrate),
    PROGRESS_SECONDS("progress-seconds", "S", "5", "Seconds between progress lines.", ConfigValues::positiveDouble,
            TrainConfig::progressSeconds),
    CHECKPOINT_EVERY("checkpoint-every", "N", "0", "Write a checkpoint (RUN_DIR/checkpoints) every N rounds, for "
            + "--resume; 0 = none.", ConfigValues::nonNegativeInt, TrainConfig::checkpointEvery);

    private final String key;
    private final String paramLabel;
    private final String defaultValue;
    private final String help;
    private final ConfigValues.Reader reader;
    private final Function<TrainConfig, Object> value;

    TrainKey(String key, String paramLabel, String defaultValue, String help, ConfigValues.Reader reader,
             Function<TrainConfig, Object> value) {
        this.key = key;
        this.paramLabel = paramLabel;
        this.defaultValue = defaultValue;
        this.help = help;
        this.reader = reader;
        this.value = value;
    }

    /** The key as train.conf, config.json and (after "--") the command line spell it. */
    public String key() {
        return key;
    }

    /** The placeholder of the value in help texts, e.g. "N". */
    public String paramLabel() {
        return paramLabel;
    }

    /** The value conf/train.conf ships with. */
    public String defaultValue() {
        return defaultValue;
    }

    public String help() {
        return help;
    }

    /** The row of {@code key}, or null for a key that is not a training option. */
    public static TrainKey of(String key) {
        for (TrainKey k : values()) {
            if (k.key.equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** The checked, typed value of this key in {@code c}. */
    Object read(Config c) {
        return reader.read(c, key);
    }

    /** This key's typed value in {@code config}. */
    Object valueIn(TrainConfig config) {
        return value.apply(config);
    }

    /** This key's value in {@code config} as config.json records it: enums and "auto" spelled as in train.conf. */
    Object recordedIn(TrainConfig config) {
        Object v = valueIn(config);
        if (v instanceof Enum<?> e) {
            return ConfigKeys.lower(e);
        }
        return this == WORKERS && v.equals(TrainConfig.AUTO_WORKERS) ? ConfigValues.AUTO : v;
    }

    /** conf/train.conf: every key with its help as a comment and its default. */
    public static String defaultsFile() {
        StringBuilder out = new StringBuilder()
                .append("# Defaults of `train`. Every key can be overridden on the command line as --<key> VALUE.\n")
                .append("# Unknown keys are errors. The effective configuration is written to RUN_DIR/config.json.\n")
                .append("# Rendered from io.bnsync.config.TrainKey, the table of options (a test keeps them equal).\n")
                .append("train {\n");
        for (TrainKey k : values()) {
            for (String line : wrap(k.help, 110)) {
                out.append("  # ").append(line).append('\n');
            }
            out.append("  ").append(k.key).append(" = ").append(hocon(k.defaultValue)).append('\n');
        }
        return out.append("}\n").toString();
    }

    /** README's option list: a Markdown table of option, default and help. */
    public static String markdownTable() {
        StringBuilder out = new StringBuilder("| option | default | what it sets |\n| --- | --- | --- |\n");
        for (TrainKey k : values()) {
            out.append("| `--").append(k.key).append(' ').append(k.paramLabel).append("` | `").append(k.defaultValue)
                    .append("` | ").append(k.help).append(" |\n");
        }
        return out.toString();
    }

    private static String hocon(String value) {
        return value.matches("[A-Za-z0-9.-]+") ? value : "\"" + value + "\"";
    }

    private static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
