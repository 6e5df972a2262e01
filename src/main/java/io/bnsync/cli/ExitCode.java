package io.bnsync.cli;

/** Process exit codes, documented in README, stable for schedulers. */
public final class ExitCode {
    public static final int OK = 0;
    /** Anything unexpected. */
    public static final int FAILURE = 1;
    /** Bad option, config key or value, or unusable output location. */
    public static final int USAGE = 2;
    /** Input data missing, malformed or inconsistent. */
    public static final int DATA = 3;
    /** A model file unreadable, not a DL4J model, or of another architecture. */
    public static final int MODEL = 4;
    /** Training diverged (non-finite loss or parameters); the last checkpoint and published model are intact. */
    public static final int DIVERGED = 5;
    /** Another live run holds the model store's lock. */
    public static final int LOCKED = 6;
    /** pipeline: a new version was trained and stored, but the gate kept the current model. */
    public static final int NOT_PROMOTED = 10;

    private ExitCode() {
    }
}
