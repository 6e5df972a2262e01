package io.bnsync.cli;

import io.bnsync.config.TrainKey;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/**
 * The training options of {@code train} and {@code pipeline}, one {@code --KEY VALUE} per row of {@link TrainKey}
 * (its value label, help and default): added to the command when picocli builds it, read back as the values the
 * user gave. No command declares a field per training option.
 */
final class TrainOptions {
    private TrainOptions() {
    }

    /** {@code train}: every training option. */
    static final class All implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            return add(spec, EnumSet.allOf(TrainKey.class));
        }
    }

    /** {@code pipeline}: the options a scheduled run varies; the rest come from pipeline.conf and train.conf. */
    static final class ForPipeline implements CommandLine.IModelTransformer {
        static final Set<TrainKey> KEYS = EnumSet.of(TrainKey.DATA, TrainKey.EPOCHS, TrainKey.WORKERS,
                TrainKey.LIMIT_TRAIN, TrainKey.LEARNING_RATE);

        @Override
        public CommandSpec transform(CommandSpec spec) {
            return add(spec, KEYS);
        }
    }

    private static CommandSpec add(CommandSpec spec, Set<TrainKey> keys) {
        for (TrainKey key : keys) {
            spec.addOption(OptionSpec.builder("--" + key.key()).paramLabel(key.paramLabel()).type(String.class)
                    .description(key.help().replace("`", "") + " (default: " + key.defaultValue() + ")").build());
        }
        return spec;
    }

    /** The training options given on the command line, by key, in the table's order; left-out options stay out. */
    static Map<String, String> given(CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, String> values = new LinkedHashMap<>();
        for (TrainKey key : TrainKey.values()) {
            String name = "--" + key.key();
            if (spec.findOption(name) != null && parsed.hasMatchedOption(name)) {
                values.put(key.key(), parsed.matchedOptionValue(name, (String) null));
            }
        }
        return values;
    }
}
