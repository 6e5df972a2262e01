package io.bnsync.cli;

import io.bnsync.config.ConfigException;
import io.bnsync.store.RunDirectory;

/**
 * Where a model store's lock lives: in the store, or with {@code --lock URI} in a folder of its own. The lock
 * needs an atomic create-if-absent, which object stores lack (Hadoop 3.3's S3A has no conditional create), so a
 * store there needs {@code --lock} on a local disk or HDFS that every run of the store reaches; without it the
 * command refuses to start rather than pretend to exclude a second run.
 */
final class StoreLocks {
    static final String OPTION = "--lock";

    private StoreLocks() {
    }

    /** The folder for the lock of {@code store}, checked before any work: {@code lockUri} when given, else the store. */
    static RunDirectory location(RunDirectory store, String lockUri) {
        RunDirectory where = lockUri == null ? store
                : RunDirectory.existingOrNew(lockUri, SparkSessions.hadoopConfiguration());
        if (!where.hasAtomicCreate()) {
            throw new ConfigException(where.uri() + ": the model store's lock needs an atomic create, which this object"
                    + " store lacks; give " + OPTION + " URI, a folder on a local disk or HDFS that every run reaches");
        }
        return where;
    }
}
