package dev.trainspark.pipeline.rebalance;

/**
 * Per-class decision offsets tuned for macro-F1 on a validation set. The decision is
 * {@code argmax_c (log p_c + offset_c)}: an offset in log space multiplies a class's probability by
 * {@code exp(offset_c)}, which is exactly how posteriors change when class priors change, so one
 * offset grid serves classes whose probabilities live on very different scales (an additive
 * offset on {@code p_c} would be swamped where {@code p_c} is tiny). Offsets are searched by
 * coordinate ascent over a fixed grid, class 0 staying at 0 (only differences matter); a value
 * replaces the current one only if it raises macro-F1, so the result is never worse on the
 * validation set than no offsets.
 */
public final class ThresholdMoving {
    /** Probabilities are floored here before the log, so a 0 is a very unlikely class, not -infinity. */
    private static final double FLOOR = 1e-30;
    /** Macro-F1 values closer than this count as equal. */
    private static final double TIE = 1e-12;

    private final double[] grid;
    private final int sweeps;

    /** Offsets from -6 to 6 in steps of 0.1, at most 5 sweeps. */
    public ThresholdMoving() {
        this(defaultGrid(), 5);
    }

    /** @param grid candidate offsets; 0 need not be among them (zero is where the search starts) */
    public ThresholdMoving(double[] grid, int sweeps) {
        if (grid.length == 0 || sweeps < 1) {
            throw new IllegalArgumentException("threshold moving needs a non-empty grid and sweeps >= 1");
        }
        this.grid = grid.clone();
        this.sweeps = sweeps;
    }

    private static double[] defaultGrid() {
        double[] g = new double[121];
        for (int i = 0; i < g.length; i++) {
            g[i] = (i - 60) / 10.0;
        }
        return g;
    }

    /**
     * @param probabilities per validation row, the class probabilities (all rows the same length)
     * @param labels        per validation row, the true class index
     * @return an offset per class, the first 0
     */
    public double[] fit(float[][] probabilities, int[] labels) {
        if (probabilities.length != labels.length || probabilities.length == 0) {
            throw new IllegalArgumentException("threshold moving needs as many labels as probability rows, at least one; got "
                    + probabilities.length + " rows and " + labels.length + " labels");
        }
        int k = probabilities[0].length;
        double[][] logp = new double[probabilities.length][];
        for (int i = 0; i < probabilities.length; i++) {
            if (probabilities[i].length != k) {
                throw new IllegalArgumentException("validation row " + i + " has " + probabilities[i].length
                        + " probabilities, expected " + k);
            }
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("validation row " + i + " has label " + labels[i]
                        + "; accepted: 0 to " + (k - 1));
            }
            logp[i] = new double[k];
            for (int c = 0; c < k; c++) {
                logp[i][c] = Math.log(Math.max(FLOOR, probabilities[i][c]));
            }
        }
        double[] offsets = new double[k];
        double best = macroF1(logp, labels, offsets);
        double[] scores = new double[grid.length];
        for (int sweep = 0; sweep < sweeps; sweep++) {
            boolean improved = false;
            for (int c = 1; c < k; c++) {
                double current = offsets[c];
                double top = Double.NEGATIVE_INFINITY;
                for (int g = 0; g < grid.length; g++) {
                    offsets[c] = grid[g];
                    scores[g] = macroF1(logp, labels, offsets);
                    top = Math.max(top, scores[g]);
                }
                if (top > best + TIE) {
                    best = top;
                    improved = true;
                }
                // When nothing on the grid matches the current score (a grid without the current
                // offset), the class keeps the offset it had.
                offsets[c] = top >= best - TIE ? plateauCentre(scores, best) : current;
            }
            if (!improved) {
                break;
            }
        }
        return offsets;
    }

    /**
     * A small validation split leaves wide ranges of offsets with the same macro-F1. Taking the
     * first or the most extreme of them overfits the few rows that bound the range; the middle of
     * the best-scoring run of grid values (the run nearest 0 when there are several) keeps the
     * decision boundary as far as the validation data allows from the rows on either side.
     */
    private double plateauCentre(double[] scores, double best) {
        int bestStart = -1;
        int bestEnd = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        int g = 0;
        while (g < grid.length) {
            if (scores[g] < best - TIE) {
                g++;
                continue;
            }
            int start = g;
            while (g + 1 < grid.length && scores[g + 1] >= best - TIE) {
                g++;
            }
            double distance = grid[start] <= 0 && grid[g] >= 0 ? 0 : Math.min(Math.abs(grid[start]), Math.abs(grid[g]));
            if (distance < bestDistance) {
                bestDistance = distance;
                bestStart = start;
                bestEnd = g;
            }
            g++;
        }
        return grid[(bestStart + bestEnd) / 2];
    }

    /** The class with the largest {@code log p_c + offset_c}; the first such class on ties. */
    public static int predict(float[] probabilities, double[] offsets) {
        if (probabilities.length != offsets.length) {
            throw new IllegalArgumentException(probabilities.length + " probabilities but " + offsets.length + " offsets");
        }
        int best = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < probabilities.length; c++) {
            double score = Math.log(Math.max(FLOOR, probabilities[c])) + offsets[c];
            if (score > bestScore) {
                best = c;
                bestScore = score;
            }
        }
        return best;
    }

    /**
     * scikit-learn's macro-F1: the mean over the classes that occur among the labels or the
     * predictions, F1 counted as 0 where it is undefined.
     */
    static double macroF1(int[] labels, int[] predicted, int k) {
        long[] tp = new long[k];
        long[] fp = new long[k];
        long[] fn = new long[k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == predicted[i]) {
                tp[labels[i]]++;
            } else {
                fp[predicted[i]]++;
                fn[labels[i]]++;
            }
        }
        double sum = 0;
        int present = 0;
        for (int c = 0; c < k; c++) {
            if (tp[c] + fp[c] + fn[c] == 0) {
                continue;
            }
            present++;
            sum += 2.0 * tp[c] / (2.0 * tp[c] + fp[c] + fn[c]);
        }
        return present == 0 ? 0 : sum / present;
    }

    private static double macroF1(double[][] logp, int[] labels, double[] offsets) {
        int k = offsets.length;
        int[] predicted = new int[labels.length];
        for (int i = 0; i < logp.length; i++) {
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double score = logp[i][c] + offsets[c];
                if (score > bestScore) {
                    best = c;
                    bestScore = score;
                }
            }
            predicted[i] = best;
        }
        return macroF1(labels, predicted, k);
    }
}
