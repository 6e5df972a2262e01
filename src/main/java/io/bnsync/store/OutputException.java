package io.bnsync.store;

/** An output location cannot be used or written; the message names it. CLI exit code 2. */
public class OutputException extends RuntimeException {
    public OutputException(String message) {
        super(message);
    }
}
