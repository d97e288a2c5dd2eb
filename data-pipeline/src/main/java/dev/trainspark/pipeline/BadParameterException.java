package dev.trainspark.pipeline;

/**
 * Bad usage or configuration: a malformed command line, an unknown or ill-typed config key, a value
 * out of its range, or a value that is well-formed but cannot be used with this data (a
 * {@code k_neighbors} not smaller than a class, a folder held by another run, ...). The command line
 * maps it to exit code 2; the message names the option, key or value at fault and what is accepted.
 */
public class BadParameterException extends IllegalArgumentException {
    public BadParameterException(String message) {
        super(message);
    }

    public BadParameterException(String message, Throwable cause) {
        super(message, cause);
    }
}
