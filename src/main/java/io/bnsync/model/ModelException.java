package io.bnsync.model;

/** A model file is unreadable, not a DL4J model, or not the seed net's architecture. CLI exit code 4. */
public class ModelException extends RuntimeException {
    public ModelException(String message) {
        super(message);
    }
}
