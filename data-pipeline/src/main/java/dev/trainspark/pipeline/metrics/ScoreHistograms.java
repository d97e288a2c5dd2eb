package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Per-class histograms of one-vs-rest scores, one for the class's positives and one for its
 * negatives, over {@code bins} equal-width bins of [0, 1] (bin {@code b} holds scores in
 * {@code [b/bins, (b+1)/bins)}, the last bin also holds 1 and anything above). Counts are longs, so
 * merging is exact and order-independent.
 */
public final class ScoreHistograms implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int numClasses;
    private final int bins;
    private final long[] positives;
    private final long[] negatives;

    public ScoreHistograms(int numClasses, int bins) {
        if (numClasses < 1 || bins < 2 || (long) numClasses * bins > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("cannot hold " + numClasses + " classes x " + bins
                    + " bins; accepted >= 1 class, >= 2 bins, at most " + Integer.MAX_VALUE + " cells");
        }
        this.numClasses = numClasses;
        this.bins = bins;
        this.positives = new long[numClasses * bins];
        this.negatives = new long[numClasses * bins];
    }

    /** Counts every class's score of one example whose true class is {@code label}. */
    void add(Prediction p, int label) {
        for (int c = 0; c < numClasses; c++) {
            int cell = c * bins + bin(p.probability(c));
            if (c == label) {
                positives[cell]++;
            } else {
                negatives[cell]++;
            }
        }
    }

    int bin(float score) {
        return Math.min(bins - 1, (int) (score * (double) bins));
    }

    ScoreHistograms merge(ScoreHistograms other) {
        if (other.numClasses != numClasses || other.bins != bins) {
            throw new IllegalArgumentException("cannot merge histograms of " + other.numClasses + " classes x "
                    + other.bins + " bins into " + numClasses + " x " + bins);
        }
        for (int i = 0; i < positives.length; i++) {
            positives[i] += other.positives[i];
            negatives[i] += other.negatives[i];
        }
        return this;
    }

    public int bins() {
        return bins;
    }

    public long positives(int classId, int bin) {
        return positives[classId * bins + bin];
    }

    public long negatives(int classId, int bin) {
        return negatives[classId * bins + bin];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScoreHistograms other && other.numClasses == numClasses && other.bins == bins
                && Arrays.equals(other.positives, positives) && Arrays.equals(other.negatives, negatives);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(positives) * 31 + Arrays.hashCode(negatives);
    }
}
