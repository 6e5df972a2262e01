package io.bnsync.train;

/** A round produced a non-finite loss or parameters; the round was discarded. CLI exit code 5. */
public class TrainingDivergedException extends RuntimeException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
