package dev.trainspark.pipeline.metrics;

import java.util.ArrayList;
import java.util.List;

/**
 * ROC and PR summaries from merged {@link ScoreHistograms}, each with a rigorous bound on how far
 * it can be from the exact value.
 *
 * <p>Every bin is treated as one threshold group (as if its scores were tied). The cumulative
 * counts at the end of a non-empty bin are exact curve points; only the order inside a bin is
 * unknown. With {@code T}, {@code F} the positives and negatives above bin {@code b} and
 * {@code p_b}, {@code n_b} its own:
 * <ul>
 * <li>AUC: only pairs inside one bin are unresolved; each counts in [0, 1] exactly and 1/2 here,
 * so {@code |AUC - AUC_binned| <= 0.5 * sum_b p_b n_b / (P N)}.</li>
 * <li>Step-wise AP: the j-th positive of a bin (in score order) is credited the precision of its
 * threshold, whose counts are {@code tp >= T + j}, {@code tp <= T + p_b}, {@code F <= fp <= F + n_b};
 * precision rises with tp and falls with fp, so its credit lies in
 * {@code [(T+j)/(T+j+F+n_b), (T+p_b)/(T+p_b+F)]}. Summing gives an interval for P x AP; the
 * bound is the larger distance from the binned estimate to either end.</li>
 * <li>Interpolated AP (VOC, COCO): the bin-end points are a subset of the true points, so the
 * estimate from them is a lower bound; every true point inside bin b is dominated in recall and
 * precision by {@code ((T+p_b)/P, (T+p_b)/(T+p_b+F))}, so the same rule over those points is an
 * upper bound; the bound is their difference.</li>
 * </ul>
 */
final class BinnedCurves {
    private BinnedCurves() {
    }

    static List<ClassCurve> compute(ScoreHistograms h, long[] positives, long[] negatives, MetricsOptions options) {
        List<ClassCurve> curves = new ArrayList<>(positives.length);
        for (int c = 0; c < positives.length; c++) {
            curves.add(forClass(h, c, positives[c], negatives[c], options));
        }
        return curves;
    }

    static ClassCurve forClass(ScoreHistograms h, int c, long positives, long negatives, MetricsOptions options) {
        RecallLevels levels = RecallLevels.of(options.apConvention());
        CurveAccumulator walk = new CurveAccumulator(positives, negatives, options.curvePoints(), levels, 0, 0);
        double[] optimisticBest = levels == null ? null : new double[levels.count()];
        double unresolvedPairs = 0;
        double creditLow = 0;
        double creditHigh = 0;
        long t = 0;
        long f = 0;
        for (int b = h.bins() - 1; b >= 0; b--) {
            long pb = h.positives(c, b);
            long nb = h.negatives(c, b);
            if (pb == 0 && nb == 0) {
                continue;
            }
            walk.group(pb, nb);
            unresolvedPairs += (double) pb * nb;
            if (pb > 0) {
                double highest = (double) (t + pb) / (t + pb + f);
                creditHigh += pb * highest;
                for (long j = 1; j <= pb; j++) {
                    creditLow += (double) (t + j) / (t + j + f + nb);
                }
                if (levels != null) {
                    levels.record(optimisticBest, (double) (t + pb) / positives, highest);
                }
            }
            t += pb;
            f += nb;
        }
        double auc = walk.auc();
        double aucBound = Double.isNaN(auc) ? Double.NaN : 0.5 * unresolvedPairs / ((double) positives * negatives);
        double ap = walk.averagePrecision();
        double apBound;
        if (positives == 0) {
            apBound = Double.NaN;
        } else if (levels == null) {
            apBound = Math.max(ap - creditLow / positives, creditHigh / positives - ap);
        } else {
            apBound = levels.averagePrecision(optimisticBest) - ap;
        }
        return new ClassCurve(auc, ap, aucBound, Math.max(0, apBound), walk.rocPoints(), walk.precisionRecallPoints());
    }
}
