package dev.trainspark.workers.select;

import java.io.Serializable;

/**
 * Counts of losses in fixed log-spaced bins (1e-6 to 1e3, 256 bins per decade, about 0.9% wide),
 * with one bin below and one above. Merging adds counts, so the result does not depend on the
 * order partitions are merged in, and a run replays exactly.
 *
 * <p>Chosen over a KLL sketch (DataSketches 3.3.0, which Spark ships): KLL's compaction draws from
 * an unseeded static random generator, so the threshold, and with it the run, would not replay.
 */
public final class LossHistogram implements Serializable {
    private static final double LOW = 1e-6;
    private static final int DECADES = 9;
    private static final int PER_DECADE = 256;
    private static final int BINS = DECADES * PER_DECADE;

    /** [0] below LOW, [1..BINS] the log bins, [BINS + 1] at or above LOW * 10^DECADES. */
    private final long[] counts = new long[BINS + 2];
    private long total;

    public void add(double loss) {
        counts[bin(loss)]++;
        total++;
    }

    public void addAll(double[] losses) {
        for (double l : losses) {
            add(l);
        }
    }

    public LossHistogram merge(LossHistogram other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
        return this;
    }

    /** The bin counts, as doubles (exact below 2^53), for summing across tasks. */
    public double[] countsAsDoubles() {
        double[] out = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            out[i] = counts[i];
        }
        return out;
    }

    /** A histogram of summed bin counts, as {@link #countsAsDoubles()} gives them. */
    public static LossHistogram ofCounts(double[] counts) {
        LossHistogram h = new LossHistogram();
        if (counts.length != h.counts.length) {
            throw new IllegalArgumentException("a loss histogram has " + h.counts.length + " bins, not " + counts.length);
        }
        for (int i = 0; i < counts.length; i++) {
            h.counts[i] = (long) counts[i];
            h.total += h.counts[i];
        }
        return h;
    }

    public long count() {
        return total;
    }

    /**
     * The lower edge of the bin holding the {@code q}-quantile: at least a share {@code 1 - q} of
     * the losses lie at or above it. NaN when empty.
     */
    public double quantile(double q) {
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.floor(q * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen > rank) {
                return lowerEdge(i);
            }
        }
        return lowerEdge(counts.length - 1);
    }

    private static int bin(double loss) {
        if (!(loss >= LOW)) {
            return 0;
        }
        int i = (int) Math.floor(Math.log10(loss / LOW) * PER_DECADE);
        return i >= BINS ? BINS + 1 : i + 1;
    }

    private static double lowerEdge(int bin) {
        if (bin == 0) {
            return 0;
        }
        return LOW * Math.pow(10, (bin - 1) / (double) PER_DECADE);
    }
}
