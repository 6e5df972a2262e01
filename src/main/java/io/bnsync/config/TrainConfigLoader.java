package io.bnsync.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.WrongType;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.bnsync.model.OptimizerKind;
import java.io.File;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
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
        rejectMissing(merged, origin);
        try {
            return build(merged, overrides, env);
        } catch (WrongType e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** A file that replaces conf/train.conf must set every key: all the missing ones are named at once. */
    private static void rejectMissing(Config merged, String origin) {
        List<String> missing = new ArrayList<>();
        for (TrainKey key : TrainKey.values()) {
            if (!merged.hasPath(key.key())) {
                missing.add("'" + key.key() + "'");
            }
        }
        if (!missing.isEmpty()) {
            throw new ConfigException(origin + ": missing key" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " in section '" + SECTION + "'");
        }
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
            if (TrainKey.of(key) == null) {
                String hint = ConfigKeys.closest(key);
                throw new ConfigException("unknown config key '" + key + "' (" + origin + ")"
                        + (hint == null ? "" : "; did you mean '" + hint + "'?"));
            }
        }
    }

    /**
     * Reads every key by its row of {@link TrainKey}; then the two rules across keys: MNIST_DIR replaces the
     * default data location, and learning-rate "auto" is the optimizer's default.
     */
    private static TrainConfig build(Config c, Map<String, String> overrides, Map<String, String> env) {
        Map<TrainKey, Object> values = new EnumMap<>(TrainKey.class);
        for (TrainKey key : TrainKey.values()) {
            values.put(key, key.read(c));
        }
        String mnistDir = env.get("MNIST_DIR");
        boolean dataGiven = overrides.containsKey(TrainKey.DATA.key());
        boolean fromEnv = !dataGiven && mnistDir != null && !mnistDir.isBlank();
        if (fromEnv) {
            values.put(TrainKey.DATA, mnistDir);
        }
        if (((String) values.get(TrainKey.DATA)).isBlank()) {
            throw new ConfigException("invalid value '' for data: expected a folder or URI");
        }
        if (Double.isNaN((Double) values.get(TrainKey.LEARNING_RATE))) {
            values.put(TrainKey.LEARNING_RATE, ((OptimizerKind) values.get(TrainKey.OPTIMIZER)).defaultLearningRate());
        }
        return TrainConfig.of(values, !dataGiven && !fromEnv);
    }
}
