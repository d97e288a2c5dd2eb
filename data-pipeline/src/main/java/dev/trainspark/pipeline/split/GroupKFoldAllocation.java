package dev.trainspark.pipeline.split;

import java.util.Arrays;
import java.util.Comparator;
import java.util.TreeMap;

/**
 * scikit-learn's {@code GroupKFold} rule (0.18 to 1.5, and the {@code shuffle=False} path since
 * 1.6): groups numbered in sorted order of their value, taken by size, largest first, each to the
 * fold holding the fewest rows so far (the lowest-numbered such fold on a tie). Groups of equal
 * size are taken highest-numbered first, which is what reversing a stable ascending argsort gives;
 * numpy's default argsort is not guaranteed stable, so on large inputs numpy itself may order such
 * ties differently.
 */
public final class GroupKFoldAllocation {
    private GroupKFoldAllocation() {
    }

    /** Test fold of every group, for group sizes listed in sorted group order. */
    public static int[] groupFolds(long[] groupSizes, int k) {
        Integer[] order = new Integer[groupSizes.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.<Integer>comparingLong(g -> groupSizes[g]).thenComparingInt(g -> g).reversed());
        long[] load = new long[k];
        int[] folds = new int[groupSizes.length];
        for (int g : order) {
            int lightest = 0;
            for (int f = 1; f < k; f++) {
                if (load[f] < load[lightest]) {
                    lightest = f;
                }
            }
            load[lightest] += groupSizes[g];
            folds[g] = lightest;
        }
        return folds;
    }

    /** Test fold of every position, for group values in data order. */
    public static int[] testFolds(int[] groups, int k) {
        TreeMap<Integer, Long> sizes = new TreeMap<>();
        for (int g : groups) {
            sizes.merge(g, 1L, Long::sum);
        }
        int[] values = sizes.keySet().stream().mapToInt(Integer::intValue).toArray();
        int[] groupFolds = groupFolds(sizes.values().stream().mapToLong(Long::longValue).toArray(), k);
        int[] folds = new int[groups.length];
        for (int i = 0; i < groups.length; i++) {
            folds[i] = groupFolds[Arrays.binarySearch(values, groups[i])];
        }
        return folds;
    }
}
