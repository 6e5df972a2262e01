package io.bnsync.config;

/** A configuration key is unknown or its value invalid; the message names the key. CLI exit code 2. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
