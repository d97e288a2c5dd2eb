package dev.trainspark.pipeline.split;

import java.util.HashMap;
import java.util.Map;

/**
 * scikit-learn's {@code StratifiedKFold} without shuffling (the rule since 0.22). Classes are
 * numbered by first appearance in the data order. The labels, sorted by that number, are dealt
 * round-robin to the k folds; the count each fold receives of class c is its allocation. Within a
 * class, rows in data order then take fold 0 for its allocation, then fold 1, and so on, so every
 * test fold is a contiguous run of each class and fold sizes differ by at most one.
 */
public final class StratifiedKFoldAllocation {
    private StratifiedKFoldAllocation() {
    }

    /** Class numbers by order of first appearance in {@code y}. */
    public static int[] encodeByFirstAppearance(int[] y) {
        Map<Integer, Integer> codes = new HashMap<>();
        int[] encoded = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            encoded[i] = codes.computeIfAbsent(y[i], label -> codes.size());
        }
        return encoded;
    }

    /**
     * {@code allocation[f][c]}: rows of class c in test fold f, for class sizes given in
     * first-appearance order. Class c occupies positions [start, start + n_c) of the sorted labels;
     * fold f receives the positions congruent to f modulo k.
     */
    public static long[][] allocation(long[] classCounts, int k) {
        long[][] alloc = new long[k][classCounts.length];
        long start = 0;
        for (int c = 0; c < classCounts.length; c++) {
            long end = start + classCounts[c];
            for (int f = 0; f < k; f++) {
                alloc[f][c] = congruentBelow(end, f, k) - congruentBelow(start, f, k);
            }
            start = end;
        }
        return alloc;
    }

    /** Number of j in [0, x) with j % k == f. */
    private static long congruentBelow(long x, int f, int k) {
        return x <= f ? 0 : (x - f + k - 1) / k;
    }

    /** Test fold of the row at 0-based {@code rankInClass} of class c, given the allocation. */
    public static int foldOf(long[][] allocation, int c, long rankInClass) {
        long end = 0;
        for (int f = 0; f < allocation.length; f++) {
            end += allocation[f][c];
            if (rankInClass < end) {
                return f;
            }
        }
        throw new IllegalArgumentException("rank " + rankInClass + " is beyond the size of class " + c);
    }

    /** Test fold of every position of {@code y} (labels in data order). */
    public static int[] testFolds(int[] y, int k) {
        int[] encoded = encodeByFirstAppearance(y);
        int classes = 0;
        for (int e : encoded) {
            classes = Math.max(classes, e + 1);
        }
        long[] counts = new long[classes];
        for (int e : encoded) {
            counts[e]++;
        }
        long[][] alloc = allocation(counts, k);
        long[] seen = new long[classes];
        int[] folds = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            int c = encoded[i];
            folds[i] = foldOf(alloc, c, seen[c]++);
        }
        return folds;
    }
}
