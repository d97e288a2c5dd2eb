package dev.trainspark.pipeline.split;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * scikit-learn's {@code StratifiedGroupKFold} without shuffling (1.0 onwards). Groups and classes
 * are numbered in sorted order of their values. Groups are visited by the standard deviation of
 * their per-class counts, largest first (a stable sort, so ties keep group order). Each group goes
 * to the fold that, once it holds the group, minimises the mean over classes of the standard
 * deviation across folds of (fold's class count / class size); a fold whose score is within
 * numpy's {@code isclose} of the best so far wins only if it holds fewer rows, so the lowest fold
 * wins exact ties. Sums run in index order, as numpy's do for fewer than eight classes.
 */
public final class StratifiedGroupKFoldAllocation {
    private StratifiedGroupKFoldAllocation() {
    }

    /** Test fold of every group; {@code counts[g][c]} is the rows of class c in group g. */
    public static int[] groupFolds(long[][] counts, int k) {
        int groups = counts.length;
        int classes = groups == 0 ? 0 : counts[0].length;
        double[] classSize = new double[classes];
        double[] spread = new double[groups];
        for (int g = 0; g < groups; g++) {
            double[] row = new double[classes];
            for (int c = 0; c < classes; c++) {
                row[c] = counts[g][c];
                classSize[c] += counts[g][c];
            }
            spread[g] = std(row);
        }
        Integer[] order = new Integer[groups];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble((Integer g) -> spread[g]).reversed());

        double[][] foldCounts = new double[k][classes];
        int[] folds = new int[groups];
        for (int g : order) {
            int best = bestFold(foldCounts, classSize, counts[g]);
            for (int c = 0; c < classes; c++) {
                foldCounts[best][c] += counts[g][c];
            }
            folds[g] = best;
        }
        return folds;
    }

    private static int bestFold(double[][] foldCounts, double[] classSize, long[] group) {
        int k = foldCounts.length;
        int classes = classSize.length;
        int best = -1;
        double minEval = Double.POSITIVE_INFINITY;
        double minRows = Double.POSITIVE_INFINITY;
        double[] column = new double[k];
        for (int i = 0; i < k; i++) {
            double evalSum = 0;
            for (int c = 0; c < classes; c++) {
                for (int f = 0; f < k; f++) {
                    double count = foldCounts[f][c] + (f == i ? group[c] : 0);
                    column[f] = count / classSize[c];
                }
                evalSum += std(column);
            }
            double eval = evalSum / classes;
            double rows = 0;
            for (int c = 0; c < classes; c++) {
                rows += foldCounts[i][c];
            }
            if (eval < minEval || (isClose(eval, minEval) && rows < minRows)) {
                minEval = eval;
                minRows = rows;
                best = i;
            }
        }
        return best;
    }

    /** numpy's isclose with its defaults (rtol 1e-5, atol 1e-8). */
    private static boolean isClose(double a, double b) {
        if (Double.isInfinite(a) || Double.isInfinite(b)) {
            return a == b;
        }
        return Math.abs(a - b) <= 1e-8 + 1e-5 * Math.abs(b);
    }

    /** Population standard deviation, computed as numpy does (mean first, then mean squared deviation). */
    private static double std(double[] x) {
        double sum = 0;
        for (double v : x) {
            sum += v;
        }
        double mean = sum / x.length;
        double sq = 0;
        for (double v : x) {
            double d = v - mean;
            sq += d * d;
        }
        return Math.sqrt(sq / x.length);
    }

    /** Test fold of every position, for labels and group values in data order. */
    public static int[] testFolds(int[] y, int[] groups, int k) {
        int[] classValues = IntStream.of(y).distinct().sorted().toArray();
        int[] groupValues = IntStream.of(groups).distinct().sorted().toArray();
        long[][] counts = new long[groupValues.length][classValues.length];
        for (int i = 0; i < y.length; i++) {
            counts[Arrays.binarySearch(groupValues, groups[i])][Arrays.binarySearch(classValues, y[i])]++;
        }
        int[] groupFolds = groupFolds(counts, k);
        int[] folds = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            folds[i] = groupFolds[Arrays.binarySearch(groupValues, groups[i])];
        }
        return folds;
    }
}
