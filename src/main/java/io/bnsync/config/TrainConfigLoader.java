package io.bnsync.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Missing;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.bnsync.model.OptimizerKind;
import java.io.File;
import java.util.Map;

/**
 * Builds the one {@link TrainConfig} of a run. Precedence, lowest first: the {@code train}
 * section of {@code conf/train.conf} (or the copy bundled in the jar when there is no such file),
 * then {@code MNIST_DIR} for the data location, then command-line options. Unknown keys and
 * invalid values are errors that name the key.
 */
public final class TrainConfigLoader {
    public static final String SECTION = "train";
    public static final String DEFAULT_FILE = "conf/train.conf";
    private static final String BUNDLED_RESOURCE = "train.conf";

    private TrainConfigLoader() {
    }

    /**
     * @param confFile  an explicit config file, or null for the default lookup
     * @param overrides command-line values by key (only options the user gave)
     * @param env       the environment (for {@code MNIST_DIR})
     */
    public static TrainConfig load(File confFile, Map<String, String> overrides, Map<String, String> env) {
        File chosen = confFile != null ? confFile : explicitDefault(env);
        Config file = readFile(chosen);
        String origin = chosen != null ? chosen.getPath() : originOf(file);
        if (!file.hasPath(SECTION)) {
            throw new ConfigException(origin + ": missing section '" + SECTION + "'");
        }
        Config section = file.getConfig(SECTION);
        rejectUnknown(section.root().keySet(), origin);
        rejectUnknown(overrides.keySet(), "command line");
        Config merged = ConfigFactory.parseMap(overrides).withFallback(section).resolve();
        try {
            return build(merged, overrides, env);
        } catch (Missing e) {
            throw new ConfigException(origin + ": missing key '" + missingKey(e) + "' in section '" + SECTION + "'");
        } catch (WrongType e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** The key Typesafe Config names in "...: No configuration setting found for key 'k'". */
    private static String missingKey(Missing e) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("key '([^']+)'").matcher(String.valueOf(e.getMessage()));
        return m.find() ? m.group(1) : String.valueOf(e.getMessage());
    }

    /** {@code BNSYNC_CONF} names the default file when set (the launch scripts set it). */
    private static File explicitDefault(Map<String, String> env) {
        String path = env.get("BNSYNC_CONF");
        return path == null || path.isBlank() ? null : new File(path);
    }

    private static Config readFile(File confFile) {
        try {
            if (confFile != null) {
                if (!confFile.isFile()) {
                    throw new ConfigException(confFile + ": config file not found");
                }
                return ConfigFactory.parseFile(confFile, ConfigParseOptions.defaults().setAllowMissing(false));
            }
            File local = new File(DEFAULT_FILE);
            if (local.isFile()) {
                return ConfigFactory.parseFile(local);
            }
            return ConfigFactory.parseResources(TrainConfigLoader.class.getClassLoader(), BUNDLED_RESOURCE,
                    ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read config: " + e.getMessage());
        }
    }

    private static String originOf(Config file) {
        return new File(DEFAULT_FILE).isFile() ? DEFAULT_FILE : "bundled " + BUNDLED_RESOURCE;
    }

    private static void rejectUnknown(Iterable<String> keys, String origin) {
        for (String key : keys) {
            if (!ConfigKeys.TRAIN_KEYS.contains(key)) {
                String hint = ConfigKeys.closest(key);
                throw new ConfigException("unknown config key '" + key + "' (" + origin + ")"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?"));
            }
        }
    }

    private static TrainConfig build(Config c, Map<String, String> overrides, Map<String, String> env) {
        String mnistDir = env.get("MNIST_DIR");
        boolean dataGiven = overrides.containsKey("data");
        boolean fromEnv = !dataGiven && mnistDir != null && !mnistDir.isBlank();
        String data = fromEnv ? mnistDir : c.getString("data");
        if (data.isBlank()) {
            throw new ConfigException("invalid value '' for data: expected a folder or URI");
        }
        OptimizerKind optimizer = ConfigKeys.parseEnum(OptimizerKind.class, "optimizer", c.getString("optimizer"));
        String lr = c.getString("learning-rate");
        double learningRate = "auto".equalsIgnoreCase(lr.trim()) ? optimizer.defaultLearningRate()
                : positiveDouble(c, "learning-rate");
        return new TrainConfig(
                data,
                !dataGiven && !fromEnv,
                positiveInt(c, "epochs"),
                positiveInt(c, "batch-size"),
                seed(c),
                nonNegativeInt(c, "limit-train"),
                nonNegativeInt(c, "limit-test"),
                optimizer,
                learningRate,
                decay(c),
                workers(c),
                positiveInt(c, "averaging-frequency"),
                ConfigKeys.parseEnum(BnSync.class, "bn-sync", c.getString("bn-sync")),
                ConfigKeys.parseEnum(Engine.class, "engine", c.getString("engine")),
                ConfigKeys.parseEnum(Partitioning.class, "partitioning", c.getString("partitioning")),
                nonNegativeInt(c, "bn-recalibrate"),
                positiveDouble(c, "progress-seconds"),
                nonNegativeInt(c, "checkpoint-every"));
    }

    /** A positive count, or "auto" ({@link TrainConfig#AUTO_WORKERS}). */
    private static int workers(Config c) {
        return "auto".equalsIgnoreCase(c.getString("workers").trim()) ? TrainConfig.AUTO_WORKERS
                : positiveInt(c, "workers");
    }

    private static int positiveInt(Config c, String key) {
        int v = integer(c, key);
        if (v <= 0) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be a positive integer");
        }
        return v;
    }

    private static int nonNegativeInt(Config c, String key) {
        int v = integer(c, key);
        if (v < 0) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be 0 or more");
        }
        return v;
    }

    private static int integer(Config c, String key) {
        try {
            return c.getInt(key);
        } catch (WrongType e) {
            throw new ConfigException("invalid value '" + c.getValue(key).unwrapped() + "' for " + key
                    + ": expected an integer");
        }
    }

    private static long seed(Config c) {
        try {
            return c.getLong("seed");
        } catch (WrongType e) {
            throw new ConfigException("invalid value '" + c.getValue("seed").unwrapped() + "' for seed: expected an integer");
        }
    }

    private static double positiveDouble(Config c, String key) {
        double v;
        try {
            v = c.getDouble(key);
        } catch (WrongType e) {
            throw new ConfigException("invalid value '" + c.getValue(key).unwrapped() + "' for " + key
                    + ": expected a number");
        }
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigException("invalid value " + v + " for " + key + ": must be a positive number");
        }
        return v;
    }

    private static double decay(Config c) {
        double v = positiveDouble(c, "lr-decay");
        if (v > 1) {
            throw new ConfigException("invalid value " + v + " for lr-decay: must be in (0, 1]");
        }
        return v;
    }
}
