package dev.trainspark.driver.config;

import dev.trainspark.pipeline.split.HoldoutSpec;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * The seeded stratified holdout, and optionally a long tail imposed on its training side.
 *
 * @param testFraction   share of each class in the test split (default 0.2 when neither is set)
 * @param testPerClass   or: a fixed number of test images per class (a balanced test split)
 * @param longTailRatio  if set, subsample the training split so its largest class has this many
 *                       times the images of its smallest (exponential profile); 1 or unset = off
 */
public record SplitConfig(Double testFraction, Integer testPerClass, Double longTailRatio) {
    public SplitConfig {
        new HoldoutSpec(testFraction, testPerClass);
        if (longTailRatio != null) {
            CONFIG.finiteAtLeast("split.long_tail_ratio", longTailRatio, 1);
        }
    }

    public HoldoutSpec holdout() {
        return new HoldoutSpec(testFraction, testPerClass);
    }
}
