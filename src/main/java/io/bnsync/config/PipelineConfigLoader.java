package io.bnsync.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Loads {@link PipelineConfig} from the {@code pipeline} section of {@code conf/pipeline.conf}
 * (or the bundled copy), overridden by command-line values. Its {@code train} subsection uses the
 * keys of train.conf and is checked by {@link TrainConfigLoader} when the training run is built.
 */
public final class PipelineConfigLoader {
    public static final String DEFAULT_FILE = "conf/pipeline.conf";
    private static final Set<String> KEYS = Set.of("store", "holdout", "warm-start", "tolerance", "keep", "train");

    private PipelineConfigLoader() {
    }

    /**
     * @param overrides pipeline keys given on the command line
     * @param trainOverrides train keys given on the command line (they win over the file's train section)
     */
    public static PipelineConfig load(File file, Map<String, String> overrides, Map<String, String> trainOverrides,
                                      Map<String, String> env) {
        Config all = read(file, env);
        if (!all.hasPath("pipeline")) {
            throw new ConfigException("pipeline config: missing section 'pipeline'");
        }
        Config section = ConfigFactory.parseMap(overrides).withFallback(all.getConfig("pipeline")).resolve();
        for (String key : section.root().keySet()) {
            if (!KEYS.contains(key)) {
                throw new ConfigException("unknown config key 'pipeline." + key + "'; known: " + KEYS);
            }
        }
        Map<String, String> train = new LinkedHashMap<>();
        if (section.hasPath("train")) {
            for (Map.Entry<String, ConfigValue> e : section.getConfig("train").root().entrySet()) {
                if (TrainKey.of(e.getKey()) == null) {
                    String hint = ConfigKeys.closest(e.getKey());
                    throw new ConfigException("unknown config key 'pipeline.train." + e.getKey() + "' ("
                            + e.getValue().origin().description() + ")"
                            + (hint == null ? "" : "; did you mean '" + hint + "'?"));
                }
                train.put(e.getKey(), String.valueOf(e.getValue().unwrapped()));
            }
        }
        train.putAll(trainOverrides);
        try {
            PipelineConfig c = new PipelineConfig(section.getString("store"), section.getInt("holdout"),
                    section.getBoolean("warm-start"), section.getDouble("tolerance"), section.getInt("keep"), train);
            validate(c);
            return c;
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("pipeline config: " + e.getMessage());
        }
    }

    private static void validate(PipelineConfig c) {
        if (c.store().isBlank()) {
            throw new ConfigException("invalid value '' for store: expected a folder or URI");
        }
        if (c.holdout() <= 0) {
            throw new ConfigException("invalid value " + c.holdout() + " for holdout: must be a positive integer");
        }
        if (!(c.tolerance() >= 0 && c.tolerance() < 1)) {
            throw new ConfigException("invalid value " + c.tolerance() + " for tolerance: must be in [0, 1)");
        }
        if (c.keep() <= 0) {
            throw new ConfigException("invalid value " + c.keep() + " for keep: must be a positive integer");
        }
    }

    private static Config read(File file, Map<String, String> env) {
        try {
            if (file != null) {
                if (!file.isFile()) {
                    throw new ConfigException(file + ": config file not found");
                }
                return ConfigFactory.parseFile(file);
            }
            String named = env.get("BNSYNC_PIPELINE_CONF");
            File local = named != null ? new File(named) : new File(DEFAULT_FILE);
            if (local.isFile()) {
                return ConfigFactory.parseFile(local);
            }
            return ConfigFactory.parseResources(PipelineConfigLoader.class.getClassLoader(), "pipeline.conf");
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("cannot read pipeline config: " + e.getMessage());
        }
    }
}
