package io.bnsync.data;

/**
 * Input data is missing, malformed or inconsistent. The message is one line that names the file
 * (or location) and the problem; the CLI prints it and exits with code 3.
 */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
