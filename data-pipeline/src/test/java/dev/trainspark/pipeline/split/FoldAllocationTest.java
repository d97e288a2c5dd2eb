package dev.trainspark.pipeline.split;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The allocation cores against scikit-learn's documented examples and against folds worked out by
 * hand from its code (positions are the data order; arrays give each position's test fold).
 */
class FoldAllocationTest {

    @Test
    void kFoldDocstringAndUnevenSizes() {
        // KFold(n_splits=2) on 4 rows: TEST [0 1], then TEST [2 3].
        assertArrayEquals(new int[] {0, 0, 1, 1}, KFoldAllocation.testFolds(4, 2));
        // 10 rows, 3 folds: the first 10 % 3 = 1 fold has 4 rows, the others 3.
        assertArrayEquals(new int[] {0, 0, 0, 0, 1, 1, 1, 2, 2, 2}, KFoldAllocation.testFolds(10, 3));
        // 7 rows, 5 folds: sizes 2, 2, 1, 1, 1.
        assertArrayEquals(new int[] {0, 0, 1, 1, 2, 3, 4}, KFoldAllocation.testFolds(7, 5));
    }

    @Test
    void stratifiedKFoldDocstring() {
        // StratifiedKFold(n_splits=2), y = [0, 0, 1, 1]: TEST [0 2], then TEST [1 3].
        assertArrayEquals(new int[] {0, 1, 0, 1}, StratifiedKFoldAllocation.testFolds(new int[] {0, 0, 1, 1}, 2));
    }

    @Test
    void stratifiedKFoldUnevenClassesByHand() {
        // y = [1,0,0,1,0,0,1,0,0,0], k = 3. First appearance: label 1 -> class 0 (3 rows), label 0 -> class 1 (7).
        // Sorted encoded labels 0,0,0,1,1,1,1,1,1,1 dealt round-robin: fold 0 gets positions 0,3,6,9 -> (1, 3);
        // fold 1 gets 1,4,7 -> (1, 2); fold 2 gets 2,5,8 -> (1, 2).
        // Label 1 at positions 0,3,6 -> folds 0,1,2; label 0 at 1,2,4,5,7,8,9 -> folds 0,0,0,1,1,2,2.
        int[] y = {1, 0, 0, 1, 0, 0, 1, 0, 0, 0};
        assertArrayEquals(new int[] {0, 0, 0, 1, 0, 1, 2, 1, 2, 2}, StratifiedKFoldAllocation.testFolds(y, 3));
        long[][] alloc = StratifiedKFoldAllocation.allocation(new long[] {3, 7}, 3);
        assertArrayEquals(new long[][] {{1, 3}, {1, 2}, {1, 2}}, alloc);
    }

    @Test
    void stratifiedKFoldIsInvariantToLabelValues() {
        int[] y = {7, 3, 3, 9, 7, 3, 9, 9, 9, 3, 7};
        int[] relabelled = Arrays.stream(y).map(v -> v == 7 ? 100 : v == 3 ? -5 : 42).toArray();
        assertArrayEquals(StratifiedKFoldAllocation.testFolds(y, 3), StratifiedKFoldAllocation.testFolds(relabelled, 3));
    }

    @Test
    void stratifiedKFoldMatchesTheLiteralRoundRobinRule() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 2 + random.nextInt(60);
            int classes = 1 + random.nextInt(5);
            int k = 2 + random.nextInt(6);
            int[] y = random.ints(n, 0, classes).toArray();
            assertArrayEquals(literalStratifiedRule(y, k), StratifiedKFoldAllocation.testFolds(y, k),
                    "y=" + Arrays.toString(y) + " k=" + k);
        }
    }

    /** scikit-learn's steps written out one for one: encode, sort, deal y_order[i::k], repeat fold ids. */
    private static int[] literalStratifiedRule(int[] y, int k) {
        Map<Integer, Integer> code = new HashMap<>();
        int[] enc = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            enc[i] = code.computeIfAbsent(y[i], v -> code.size());
        }
        int classes = code.size();
        int[] sorted = enc.clone();
        Arrays.sort(sorted);
        int[][] alloc = new int[k][classes];
        for (int i = 0; i < k; i++) {
            for (int j = i; j < sorted.length; j += k) {
                alloc[i][sorted[j]]++;
            }
        }
        int[] folds = new int[y.length];
        for (int c = 0; c < classes; c++) {
            int[] foldsForClass = new int[0];
            for (int f = 0; f < k; f++) {
                int[] more = new int[alloc[f][c]];
                Arrays.fill(more, f);
                int[] joined = Arrays.copyOf(foldsForClass, foldsForClass.length + more.length);
                System.arraycopy(more, 0, joined, foldsForClass.length, more.length);
                foldsForClass = joined;
            }
            int next = 0;
            for (int i = 0; i < y.length; i++) {
                if (enc[i] == c) {
                    folds[i] = foldsForClass[next++];
                }
            }
        }
        return folds;
    }

    @Test
    void groupKFoldDocstring() {
        // GroupKFold(n_splits=2), groups [0, 0, 2, 2]: TEST [2 3], then TEST [0 1].
        assertArrayEquals(new int[] {1, 1, 0, 0}, GroupKFoldAllocation.testFolds(new int[] {0, 0, 2, 2}, 2));
    }

    @Test
    void groupKFoldLargestGroupToLightestFoldByHand() {
        // Sizes: g1=2, g2=1, g3=2, g4=1, g5=3. Visit g5, g3, g1 (tie: higher group first), g4, g2.
        // g5 -> 0 (3,0,0); g3 -> 1 (3,2,0); g1 -> 2 (3,2,2); g4 -> 1, the lowest of the tied lightest (3,3,2);
        // g2 -> 2 (3,3,3).
        int[] groups = {5, 5, 5, 1, 1, 2, 3, 3, 4};
        assertArrayEquals(new int[] {0, 0, 0, 2, 2, 2, 1, 1, 1}, GroupKFoldAllocation.testFolds(groups, 3));
    }

    @Test
    void stratifiedGroupKFoldDocstring() {
        // StratifiedGroupKFold(n_splits=3): TEST groups [3 3 3 6 6 7], then [1 1 2 2 8 8], then [4 5 5 5 5].
        int[] y = {0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        int[] groups = {1, 1, 2, 2, 3, 3, 3, 4, 5, 5, 5, 5, 6, 6, 7, 8, 8};
        assertArrayEquals(new int[] {1, 1, 1, 1, 0, 0, 0, 2, 2, 2, 2, 2, 0, 0, 0, 1, 1},
                StratifiedGroupKFoldAllocation.testFolds(y, groups, 3));
    }

    @Test
    void stratifiedGroupKFoldWithSingletonGroupsByHand() {
        // y = [0,0,1,1], each row its own group, k = 2. Every group has std 0.5: visit order 0,1,2,3.
        // g0 -> fold 0 (both folds score alike; fold 0 first). g1: fold 0 gives class-0 spread 0.5, fold 1
        // gives 0 -> fold 1. g2 -> fold 0 (tie, both folds hold one row, lower first). g3 -> fold 1.
        assertArrayEquals(new int[] {0, 1, 0, 1},
                StratifiedGroupKFoldAllocation.testFolds(new int[] {0, 0, 1, 1}, new int[] {0, 1, 2, 3}, 2));
    }

    @Test
    void leavePOutDocstringOrder() {
        List<int[]> combos = LeavePOut.combinations(4, 2);
        assertArrayEquals(new int[][] {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}}, combos.toArray(int[][]::new));
        assertEquals(BigInteger.valueOf(6), LeavePOut.count(4, 2));
        assertEquals(BigInteger.valueOf(1225), LeavePOut.count(50, 2));
        assertEquals(BigInteger.valueOf(4), LeavePOut.count(4, 1));
        assertEquals(4, LeavePOut.combinations(4, 1).size());
    }

    @Test
    void shuffleSplitSizesRoundTestUp() {
        // ShuffleSplit(test_size=.25) on 6 rows: 2 test, 4 train (docstring).
        assertEquals(new ShuffleSplitSizes(4, 2), ShuffleSplitSizes.of(6, 0.25));
        assertEquals(new ShuffleSplitSizes(5, 2), ShuffleSplitSizes.of(7, 0.2));
        assertEquals(new ShuffleSplitSizes(8, 2), ShuffleSplitSizes.of(10, 0.2));
        assertEquals(new ShuffleSplitSizes(0, 1), ShuffleSplitSizes.of(1, 0.2));
    }
}
