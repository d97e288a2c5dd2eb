package dev.trainspark.pipeline.split;

/**
 * scikit-learn's {@code KFold} without shuffling: k consecutive blocks of the data order, the first
 * {@code n % k} of them one row longer than the rest.
 */
public final class KFoldAllocation {
    private KFoldAllocation() {
    }

    /** Test fold of the row at 0-based position {@code pos} of {@code n}. */
    public static int foldOf(long pos, long n, int k) {
        long small = n / k;
        long longFolds = n % k;
        long longSpan = longFolds * (small + 1);
        return pos < longSpan ? (int) (pos / (small + 1)) : (int) (longFolds + (pos - longSpan) / small);
    }

    /** Test fold of every position {@code 0..n-1}. */
    public static int[] testFolds(int n, int k) {
        int[] folds = new int[n];
        for (int i = 0; i < n; i++) {
            folds[i] = foldOf(i, n, k);
        }
        return folds;
    }
}
