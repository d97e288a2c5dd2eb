package dev.trainspark.pipeline;

/**
 * A parameter value that is well-formed but cannot be used with this data (a {@code k_neighbors}
 * not smaller than a class, a target count below a class's size for an oversampler, ...). The
 * command line maps it to exit code 2, like any other bad configuration; the message names the key,
 * the value and the accepted range.
 */
public class BadParameterException extends IllegalArgumentException {
    public BadParameterException(String message) {
        super(message);
    }
}
