package dev.trainspark.pipeline.split;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * How many rows of each class go to the test split: a fraction of the class, or a fixed count per
 * class (which keeps the test split balanced when the classes are not).
 */
public record HoldoutSpec(Double testFraction, Integer testPerClass) {
    public HoldoutSpec {
        if (testFraction != null && testPerClass != null) {
            throw new IllegalArgumentException("split.test_fraction and split.test_per_class are both set; accepted: one of them");
        }
        if (testFraction == null && testPerClass == null) {
            testFraction = 0.2;
        }
        if (testFraction != null) {
            CONFIG.fraction("split.test_fraction", testFraction);
        }
        if (testPerClass != null) {
            CONFIG.positive("split.test_per_class", testPerClass);
        }
    }

    long testCount(long classSize) {
        return testPerClass != null ? testPerClass : Math.round(classSize * testFraction);
    }
}
