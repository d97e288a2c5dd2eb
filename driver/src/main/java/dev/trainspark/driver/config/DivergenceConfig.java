package dev.trainspark.driver.config;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * What training does when a round's loss blows up: roll back to the last checkpoint (or the start)
 * and go on at a lower learning rate, a bounded number of times.
 *
 * @param factor      a round diverged when its loss is not finite or above this many times the
 *                    initial loss (default 3)
 * @param lrFactor    the learning rate is multiplied by this at every roll-back (default 0.5)
 * @param maxRetries  roll-backs before the run is given up as failed (default 3; 0 fails at the first divergence)
 */
public record DivergenceConfig(Double factor, Double lrFactor, Integer maxRetries) {
    public DivergenceConfig {
        factor = factor == null ? 3.0 : factor;
        lrFactor = lrFactor == null ? 0.5 : lrFactor;
        maxRetries = maxRetries == null ? 3 : maxRetries;
        CONFIG.require(factor > 1 && !factor.isInfinite(), "train.divergence.factor", factor, "a finite number > 1");
        CONFIG.fraction("train.divergence.lr_factor", lrFactor);
        CONFIG.atLeast("train.divergence.max_retries", maxRetries, 0);
    }

    public static DivergenceConfig defaults() {
        return new DivergenceConfig(null, null, null);
    }
}
