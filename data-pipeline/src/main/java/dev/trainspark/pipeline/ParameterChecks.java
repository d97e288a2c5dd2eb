package dev.trainspark.pipeline;

import java.util.function.Function;

/**
 * Checks of parameter values with one message style: {@code "<key> is <value>; accepted: <what>"}.
 *
 * <p>Two flavours differ only in what they throw. {@link #CONFIG} rejects a value that is wrong on
 * its own, with an {@link IllegalArgumentException}: thrown from a config record's compact
 * constructor, config loading reports it as a config error naming its source. {@link #AGAINST_DATA}
 * rejects a value that is well-formed but does not fit the data it meets, with a
 * {@link BadParameterException}.
 */
public final class ParameterChecks {
    /** Values wrong on their own; throws {@link IllegalArgumentException}. */
    public static final ParameterChecks CONFIG = new ParameterChecks(IllegalArgumentException::new);
    /** Values that do not fit the data; throws {@link BadParameterException}. */
    public static final ParameterChecks AGAINST_DATA = new ParameterChecks(BadParameterException::new);

    private final Function<String, ? extends IllegalArgumentException> exception;

    private ParameterChecks(Function<String, ? extends IllegalArgumentException> exception) {
        this.exception = exception;
    }

    /** {@code "<key> is <value>; accepted: <accepted>"}; a string value is quoted, a null one is "not set". */
    public static String message(String key, Object value, String accepted) {
        String shown = value == null ? "not set" : value instanceof String s ? "'" + s + "'" : String.valueOf(value);
        return key + " is " + shown + "; accepted: " + accepted;
    }

    /** The exception for a rejected value, for conditions none of the checks below express. */
    public IllegalArgumentException rejection(String key, Object value, String accepted) {
        return exception.apply(message(key, value, accepted));
    }

    /** Throws the rejection unless {@code accepted} holds. */
    public void require(boolean isAccepted, String key, Object value, String accepted) {
        if (!isAccepted) {
            throw rejection(key, value, accepted);
        }
    }

    /** An integer > 0. */
    public int positive(String key, int value) {
        require(value > 0, key, value, "an integer > 0");
        return value;
    }

    /** An integer >= {@code min}. */
    public int atLeast(String key, int value, int min) {
        require(value >= min, key, value, "an integer >= " + min);
        return value;
    }

    /** An integer from {@code min} to {@code max}, both included. */
    public int between(String key, int value, int min, int max) {
        require(value >= min && value <= max, key, value, "an integer from " + min + " to " + max);
        return value;
    }

    /** A number strictly between 0 and 1 (NaN is refused). */
    public double fraction(String key, double value) {
        require(value > 0 && value < 1, key, value, "a number in (0, 1)");
        return value;
    }

    /** A finite number >= {@code min} (NaN is refused). */
    public double finiteAtLeast(String key, double value, double min) {
        require(value >= min && !Double.isInfinite(value), key, value, "a finite number >= " + shown(min));
        return value;
    }

    private static String shown(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }
}
