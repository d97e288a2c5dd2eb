package dev.trainspark.pipeline;

/**
 * The input data cannot be used (missing path, empty dataset, a class without examples, ...).
 * The command line maps it to exit code 3; the message names the path or value and what would do.
 */
public class BadDataException extends RuntimeException {
    public BadDataException(String message) {
        super(message);
    }
}
