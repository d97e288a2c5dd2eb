package dev.trainspark.pipeline.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reference values computed straight from the definitions, in O(n^2) where that is simplest: AUC as
 * the Mann-Whitney pair count (ties 1/2), AP from the counts at every distinct threshold, top-k by
 * sorting the classes, log loss and ECE per example.
 */
final class BruteForceMetrics {
    private BruteForceMetrics() {
    }

    static double auc(List<Prediction> data, int c) {
        double wins = 0;
        long pairs = 0;
        for (Prediction pos : data) {
            if (pos.label() != c) {
                continue;
            }
            for (Prediction neg : data) {
                if (neg.label() == c) {
                    continue;
                }
                pairs++;
                float a = pos.probability(c);
                float b = neg.probability(c);
                wins += a > b ? 1 : a == b ? 0.5 : 0;
            }
        }
        return pairs == 0 ? Double.NaN : wins / pairs;
    }

    /** {tp, fp} at every distinct threshold, highest first. */
    static List<long[]> thresholdCounts(List<Prediction> data, int c) {
        TreeSet<Float> thresholds = new TreeSet<>();
        for (Prediction p : data) {
            thresholds.add(p.probability(c));
        }
        List<long[]> counts = new ArrayList<>();
        for (float t : thresholds.descendingSet()) {
            long tp = 0;
            long fp = 0;
            for (Prediction p : data) {
                if (p.probability(c) >= t) {
                    if (p.label() == c) {
                        tp++;
                    } else {
                        fp++;
                    }
                }
            }
            counts.add(new long[] {tp, fp});
        }
        return counts;
    }

    static long positives(List<Prediction> data, int c) {
        return data.stream().filter(p -> p.label() == c).count();
    }

    static double stepwiseAp(List<Prediction> data, int c) {
        long positives = positives(data, c);
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double previousRecall = 0;
        for (long[] tf : thresholdCounts(data, c)) {
            double recall = (double) tf[0] / positives;
            ap += (recall - previousRecall) * tf[0] / (tf[0] + tf[1]);
            previousRecall = recall;
        }
        return ap;
    }

    static double interpolatedAp(List<Prediction> data, int c, int levels) {
        long positives = positives(data, c);
        if (positives == 0) {
            return Double.NaN;
        }
        List<long[]> counts = thresholdCounts(data, c);
        double sum = 0;
        for (int j = 0; j < levels; j++) {
            double level = (double) j / (levels - 1);
            double best = 0;
            for (long[] tf : counts) {
                if ((double) tf[0] / positives >= level) {
                    best = Math.max(best, (double) tf[0] / (tf[0] + tf[1]));
                }
            }
            sum += best;
        }
        return sum / levels;
    }

    static double topK(List<Prediction> data, int k) {
        long hits = 0;
        for (Prediction p : data) {
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < p.numClasses(); c++) {
                order.add(c);
            }
            // Highest score first; among equal scores the higher class id first.
            order.sort((a, b) -> {
                int byScore = Float.compare(p.probability(b), p.probability(a));
                return byScore != 0 ? byScore : Integer.compare(b, a);
            });
            if (order.subList(0, Math.min(k, order.size())).contains(p.label())) {
                hits++;
            }
        }
        return (double) hits / data.size();
    }

    /** Each row clipped to [eps, 1 - eps], then divided by its sum, then -ln of the true class. */
    static double logLoss(List<Prediction> data) {
        double eps = Math.pow(2, -52);
        double sum = 0;
        for (Prediction p : data) {
            double[] clipped = new double[p.numClasses()];
            double rowSum = 0;
            for (int c = 0; c < clipped.length; c++) {
                clipped[c] = Math.min(Math.max(p.probability(c), eps), 1 - eps);
                rowSum += clipped[c];
            }
            sum -= Math.log(clipped[p.label()] / rowSum);
        }
        return sum / data.size();
    }

    static double ece(List<Prediction> data, int bins) {
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            double lo = (double) b / bins;
            double hi = (double) (b + 1) / bins;
            long count = 0;
            long correct = 0;
            double confidence = 0;
            for (Prediction p : data) {
                double conf = p.probability(p.predicted());
                boolean inBin = (conf > lo || (b == 0 && conf >= lo)) && (conf <= hi || b == bins - 1);
                if (inBin) {
                    count++;
                    confidence += conf;
                    if (p.predicted() == p.label()) {
                        correct++;
                    }
                }
            }
            if (count > 0) {
                ece += (double) count / data.size() * Math.abs((double) correct / count - confidence / count);
            }
        }
        return ece;
    }
}
