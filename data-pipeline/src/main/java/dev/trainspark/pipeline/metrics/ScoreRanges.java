package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Cuts the whole ordering of (class, score) pairs ({@link ScoreKey#rank}) into contiguous ranges,
 * one per reduce partition of {@link ExactCurves}. A range ends at an upper bound taken from a
 * sample, so ranges hold about equal numbers of pairs; every score falls in exactly one range, so
 * no threshold group straddles two.
 */
final class ScoreRanges implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Inclusive upper bounds of every range but the last, distinct and ascending. */
    private final long[] upperBounds;

    private ScoreRanges(long[] upperBounds) {
        this.upperBounds = upperBounds;
    }

    /**
     * At most {@code wanted} ranges at the quantiles of {@code sampledRanks}; fewer where quantiles
     * coincide (many pairs sharing one score).
     */
    static ScoreRanges fromSample(long[] sampledRanks, int wanted) {
        long[] sorted = sampledRanks.clone();
        Arrays.sort(sorted);
        long[] bounds = new long[Math.max(0, Math.min(wanted - 1, sorted.length))];
        int distinct = 0;
        for (int i = 0; i < bounds.length; i++) {
            long bound = sorted[(int) ((long) (i + 1) * sorted.length / wanted)];
            if (distinct == 0 || bound > bounds[distinct - 1]) {
                bounds[distinct++] = bound;
            }
        }
        return new ScoreRanges(Arrays.copyOf(bounds, distinct));
    }

    int count() {
        return upperBounds.length + 1;
    }

    /** The range holding {@code rank}: the first whose upper bound is at least {@code rank}. */
    int of(long rank) {
        int found = Arrays.binarySearch(upperBounds, rank);
        return found >= 0 ? found : -found - 1;
    }

    /** The inclusive upper bound of range {@code range}; {@code Long.MAX_VALUE} for the last. */
    long upperBound(int range) {
        return range < upperBounds.length ? upperBounds[range] : Long.MAX_VALUE;
    }
}
