package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks one class's threshold groups in decreasing score order (all examples sharing one score form
 * one group, as scikit-learn places thresholds at distinct scores) and sums what AUC and AP need.
 *
 * <p>A walk may cover only a slice of the ordering (one sorted partition): it starts from the
 * cumulative true/false positive counts of everything before the slice, and slices merge by adding
 * their sums in slice order. The AUC numerator is a long, {@code sum dFp * (tpBefore + tpAfter)},
 * twice the trapezoid area in count units, so it is exact and merges in any order.
 */
final class CurveAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long positives;
    private final long negatives;
    private final long pointStep;
    private final RecallLevels levels;

    private long tp;
    private long fp;
    private long aucTwice;
    // The AP sum as a double-double (hi + lo, Knuth's two-sum): its terms do not depend on where the
    // sort put the slice boundaries, and summing them to about 106 bits makes the rounded total
    // independent of them too, so the same predictions give the same AP to the last bit.
    private double apHi;
    private double apLo;
    private final double[] bestAtLevel;
    /** Kept points as cumulative (tp, fp) pairs. */
    private final List<long[]> points = new ArrayList<>();

    /**
     * @param positives  examples of the class in the whole data set
     * @param negatives  examples of other classes in the whole data set
     * @param maxPoints  about how many points to keep for plotting over the whole walk
     * @param levels     recall levels for interpolated AP; null for step-wise only
     * @param tpBefore   true positives ranked before this slice
     * @param fpBefore   false positives ranked before this slice
     */
    CurveAccumulator(long positives, long negatives, int maxPoints, RecallLevels levels, long tpBefore, long fpBefore) {
        this.positives = positives;
        this.negatives = negatives;
        // As Spark's numBins downsampling: one point per run of about n / maxPoints examples.
        this.pointStep = Math.max(1, (positives + negatives + maxPoints - 1) / maxPoints);
        this.levels = levels;
        this.bestAtLevel = levels == null ? null : new double[levels.count()];
        this.tp = tpBefore;
        this.fp = fpBefore;
    }

    /** One threshold group: {@code dTp} positives and {@code dFp} negatives sharing one score. */
    void group(long dTp, long dFp) {
        long before = tp + fp;
        long tpBefore = tp;
        tp += dTp;
        fp += dFp;
        aucTwice += dFp * (tpBefore + tp);
        double precision = (double) tp / (tp + fp);
        if (dTp > 0) {
            addToAp(dTp * precision, 0);
        }
        if (levels != null && positives > 0) {
            levels.record(bestAtLevel, (double) tp / positives, precision);
        }
        long after = tp + fp;
        if (after / pointStep > before / pointStep || after == positives + negatives) {
            points.add(new long[] {tp, fp});
        }
    }

    /** Appends the next slice's sums (the slice that follows this one in score order). */
    CurveAccumulator merge(CurveAccumulator next) {
        aucTwice += next.aucTwice;
        addToAp(next.apHi, next.apLo);
        if (bestAtLevel != null) {
            for (int j = 0; j < bestAtLevel.length; j++) {
                bestAtLevel[j] = Math.max(bestAtLevel[j], next.bestAtLevel[j]);
            }
        }
        points.addAll(next.points);
        tp = next.tp;
        fp = next.fp;
        return this;
    }

    private void addToAp(double hi, double lo) {
        double sum = apHi + hi;
        double bp = sum - apHi;
        double error = (apHi - (sum - bp)) + (hi - bp);
        apHi = sum;
        apLo += error + lo;
    }

    private double apSum() {
        return apHi + apLo;
    }

    /** Twice the area under the ROC curve in count units (a positive-negative pair counts 2, a tie 1). */
    long aucTwice() {
        return aucTwice;
    }

    double auc() {
        return positives == 0 || negatives == 0 ? Double.NaN : aucTwice / (2.0 * positives * negatives);
    }

    /** Step-wise AP: sum over thresholds of (recall step) x precision; NaN without positives. */
    double stepwiseAveragePrecision() {
        return positives == 0 ? Double.NaN : apSum() / positives;
    }

    /** AP of the requested convention. */
    double averagePrecision() {
        if (positives == 0) {
            return Double.NaN;
        }
        return levels == null ? apSum() / positives : levels.averagePrecision(bestAtLevel);
    }

    List<CurvePoint> rocPoints() {
        List<CurvePoint> roc = new ArrayList<>(points.size() + 1);
        if (positives == 0 || negatives == 0) {
            return roc;
        }
        roc.add(new CurvePoint(0, 0));
        for (long[] p : points) {
            roc.add(new CurvePoint((double) p[1] / negatives, (double) p[0] / positives));
        }
        return roc;
    }

    List<CurvePoint> precisionRecallPoints() {
        List<CurvePoint> pr = new ArrayList<>(points.size() + 1);
        if (positives == 0) {
            return pr;
        }
        pr.add(new CurvePoint(0, 1));
        for (long[] p : points) {
            pr.add(new CurvePoint((double) p[0] / positives, (double) p[0] / (p[0] + p[1])));
        }
        return pr;
    }
}
