package dev.trainspark.driver.tune;

import dev.trainspark.pipeline.BadParameterException;

/**
 * The options of {@code tune lr}, checked before the config or any data is read.
 *
 * @param min         the rate of the first iteration, a finite number > 0
 * @param max         the rate of the last iteration, finite and above {@code min}
 * @param iterations  iterations of the sweep, at least {@value #MIN_ITERATIONS}; null for one pass over the
 *                    training data (at least {@value #MIN_DEFAULT_ITERATIONS})
 */
public record LrRangeSettings(double min, double max, Integer iterations) {
    public static final double DEFAULT_MIN = 1e-7;
    public static final double DEFAULT_MAX = 10;
    /** Fewer iterations leave too few points for the smoothed loss to say anything. */
    public static final int MIN_ITERATIONS = 10;
    /** The default sweep is at least this long, however small one pass is. */
    public static final int MIN_DEFAULT_ITERATIONS = 50;

    public LrRangeSettings {
        if (!(min > 0) || !Double.isFinite(min)) {
            throw new BadParameterException("--min is " + min + "; accepted: a finite learning rate > 0, e.g. 1e-7");
        }
        if (!(max > min) || !Double.isFinite(max)) {
            throw new BadParameterException("--max is " + max + "; accepted: a finite learning rate above --min (" + min + "), e.g. 10");
        }
        if (iterations != null && iterations < MIN_ITERATIONS) {
            throw new BadParameterException("--iterations is " + iterations + "; accepted: an integer >= " + MIN_ITERATIONS
                    + ", or leave it out for one pass over the training data");
        }
    }

    /** The sweep's length: {@code iterations}, or one pass of {@code perPass} minibatches (at least the default minimum). */
    public int iterationsFor(int perPass) {
        return iterations != null ? iterations : Math.max(MIN_DEFAULT_ITERATIONS, perPass);
    }
}
