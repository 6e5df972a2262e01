package io.bnsync.cli;

/**
 * Whether this JVM is the driver inside YARN's ApplicationMaster (spark-submit --master yarn --deploy-mode
 * cluster). There the AM runs {@code main} in a thread and records SUCCEEDED when it returns and FAILED when it
 * throws; {@code System.exit} would end the JVM before the AM records anything, which YARN reports as FAILED
 * (exit code 13) and retries. The AM publishes Spark's settings as system properties, which is how we tell.
 */
final class YarnClusterMode {
    private YarnClusterMode() {
    }

    static boolean active() {
        return "yarn".equals(System.getProperty("spark.master"))
                && "cluster".equals(System.getProperty("spark.submit.deployMode"));
    }

    /** Thrown out of {@code main} so that the AM reports FAILED with the project's exit code in its diagnostics. */
    static final class CommandFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailedException(CommandOutcome outcome) {
            super("bnsync " + outcome.command() + " exited with code " + outcome.exitCode()
                    + (outcome.error() == null ? "" : ": " + outcome.error()));
        }
    }
}
