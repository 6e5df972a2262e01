package io.bnsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.bnsync.config.PipelineConfigLoader;
import io.bnsync.store.ModelStore;
import io.bnsync.store.OutputException;
import io.bnsync.store.RunDirectory;
import io.bnsync.store.StoreLock;
import java.io.File;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code models list|promote|rollback}: look after a model store by hand. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, promote or roll back model versions.",
        subcommands = {ModelsCommand.ListVersions.class, ModelsCommand.Promote.class, ModelsCommand.Rollback.class})
final class ModelsCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** The store given with --store, else the pipeline config's. */
    abstract static class StoreOption {
        @Option(names = "--store", paramLabel = "DIR_OR_URI", description = "Model store (default: from conf/pipeline.conf).")
        String store;
        @Option(names = "--config", paramLabel = "FILE") File configFile;
        @Option(names = StoreLocks.OPTION, paramLabel = "URI",
                description = "Folder for the store's lock (default: the store); required for a store on an object store.")
        String lock;

        /** The lock of {@code models}, taken where {@code --lock} says. */
        StoreLock lock(ModelStore models) {
            return StoreLock.acquire(StoreLocks.location(models.root(), lock), System.out);
        }

        ModelStore open() {
            String uri = store != null ? store
                    : PipelineConfigLoader.load(configFile, Map.of(), Map.of(), System.getenv()).store();
            return new ModelStore(RunDirectory.existing(uri, SparkSessions.hadoopConfiguration()));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Versions with holdout accuracy; * = current.")
    static final class ListVersions extends StoreOption implements Runnable {
        @Override
        public void run() {
            ModelStore models = open();
            String current = models.current().orElse("");
            System.out.printf("%-3s %-9s %-10s %-10s %s%n", "", "version", "accuracy", "loss", "warm start from");
            for (String v : models.versions()) {
                JsonNode m = models.metrics(v);
                System.out.printf(Locale.ROOT, "%-3s %-9s %-10.4f %-10.4f %s%n", v.equals(current) ? "*" : "", v,
                        m.path("test_accuracy").asDouble(Double.NaN), m.path("test_loss").asDouble(Double.NaN),
                        m.path("warm_started_from").asText("-"));
            }
        }
    }

    @Command(name = "promote", mixinStandardHelpOptions = true, description = "Make VERSION current.")
    static final class Promote extends StoreOption implements Runnable {
        @Parameters(paramLabel = "VERSION") String version;

        @Override
        public void run() {
            ModelStore models = open();
            try (StoreLock held = lock(models)) {
                models.setCurrent(version, "promote", "promoted by hand");
            }
            System.out.println("current = " + version);
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = "Make current the version that was current before the last promotion.")
    static final class Rollback extends StoreOption implements Runnable {
        @Override
        public void run() {
            ModelStore models = open();
            try (StoreLock held = lock(models)) {
                String target = models.rollbackTarget().orElseThrow(() ->
                        new OutputException(models.root().uri() + ": nothing to roll back to"));
                models.setCurrent(target, "rollback", "rolled back by hand");
                System.out.println("current = " + target);
            }
        }
    }
}
