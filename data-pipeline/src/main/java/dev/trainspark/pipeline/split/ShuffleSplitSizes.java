package dev.trainspark.pipeline.split;

/**
 * Train and test sizes as scikit-learn's {@code ShuffleSplit} and {@code train_test_split} derive
 * them from a test fraction with no train size: {@code test = ceil(test_size * n)} and
 * {@code train = n - test}.
 */
public record ShuffleSplitSizes(long train, long test) {

    public static ShuffleSplitSizes of(long n, double testSize) {
        long test = (long) Math.ceil(testSize * n);
        return new ShuffleSplitSizes(n - test, test);
    }
}
