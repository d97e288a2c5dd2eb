package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.BadDataException;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Everything the probability metrics need from one partition, folded one prediction at a time and
 * merged across partitions: the confusion counts, top-k hits, the log-loss sum, the calibration
 * bins and, in {@link MetricsOptions.CurveMode#BINNED} mode, per-class score histograms.
 *
 * <p>Counts are longs, so they merge exactly in any order. The two floating sums (log loss and the
 * confidence sum of each calibration bin) are doubles: a different merge order changes them only
 * by rounding, at most about {@code n * 2^-52} relative to the sum of {@code n} terms.
 *
 * <p>Rules, following scikit-learn:
 * <ul>
 * <li>top-k: the true class is a hit when fewer than k classes rank above it, where a class ranks
 * above it if its probability is higher, or equal with a higher class id ({@code
 * top_k_accuracy_score} sorts stably ascending and reverses, so ties go to the higher index);</li>
 * <li>log loss: {@code -ln(q_true / sum_c q_c)} with {@code q_c = clip(p_c, eps, 1 - eps)} and
 * {@code eps = 2^-52}, the float64 machine epsilon: {@code log_loss} clips with the epsilon of the
 * (float64) input and then rescales each row to sum to 1, so a row of float32 probabilities that
 * sums to 1 only within rounding still scores as a distribution. This is scikit-learn 1.2 to 1.4
 * (earlier versions clip at 1e-15; 1.5 dropped the rescaling and only warns about such rows);</li>
 * <li>calibration: the confidence of a prediction is the probability of its predicted class (the
 * top-1 probability when the prediction is the arg-max) and it is correct when the predicted
 * class is the true one; bins are {@code (i/M, (i+1)/M]}, the first closed at 0, as
 * {@code calibration_curve}'s {@code searchsorted} on equal-width edges assigns them.</li>
 * </ul>
 */
public final class MetricsState implements Serializable {
    private static final long serialVersionUID = 1L;

    /** float64 machine epsilon, the clip of scikit-learn's {@code log_loss} for float64 input. */
    public static final double LOG_LOSS_EPS = Math.ulp(1.0);

    private final int numClasses;
    private final int topK;
    private final ConfusionState confusion;
    private long topKHits;
    private double logLossSum;
    private final long[] binCount;
    private final long[] binCorrect;
    private final double[] binConfidenceSum;
    private final ScoreHistograms histograms;

    public MetricsState(int numClasses, MetricsOptions options) {
        this.numClasses = numClasses;
        this.confusion = new ConfusionState(numClasses);
        this.topK = Math.min(options.topK(), numClasses);
        this.binCount = new long[options.eceBins()];
        this.binCorrect = new long[options.eceBins()];
        this.binConfidenceSum = new double[options.eceBins()];
        this.histograms = options.curveMode() == MetricsOptions.CurveMode.BINNED
                ? new ScoreHistograms(numClasses, options.curveBins())
                : null;
    }

    /** Folds one prediction in and returns {@code this}. */
    public MetricsState add(Prediction p) {
        if (p.numClasses() != numClasses) {
            throw new BadDataException("prediction '" + p.id() + "' has " + p.numClasses()
                    + " probabilities; expected one per class (" + numClasses + ")");
        }
        if (p.label() >= numClasses || p.predicted() >= numClasses) {
            throw new BadDataException("prediction '" + p.id() + "' has label " + p.label() + " and predicted "
                    + p.predicted() + "; accepted class ids 0.." + (numClasses - 1));
        }
        int label = p.label();
        confusion.add(label, p.predicted());

        float trueScore = p.probability(label);
        int ranksAbove = 0;
        for (int c = 0; c < numClasses; c++) {
            float s = p.probability(c);
            if (s > trueScore || (s == trueScore && c > label)) {
                ranksAbove++;
            }
        }
        if (ranksAbove < topK) {
            topKHits++;
        }

        logLossSum -= Math.log(clippedForLogLoss(trueScore) / clippedSumForLogLoss(p));

        double confidence = p.probability(p.predicted());
        int bin = calibrationBin(confidence, binCount.length);
        binCount[bin]++;
        binConfidenceSum[bin] += confidence;
        if (p.predicted() == label) {
            binCorrect[bin]++;
        }

        if (histograms != null) {
            histograms.add(p, label);
        }
        return this;
    }

    private static double clippedForLogLoss(float probability) {
        return Math.min(Math.max(probability, LOG_LOSS_EPS), 1 - LOG_LOSS_EPS);
    }

    /** The sum of the row's clipped probabilities, the divisor that rescales the row to sum to 1. */
    private static double clippedSumForLogLoss(Prediction p) {
        double sum = 0;
        for (int c = 0; c < p.numClasses(); c++) {
            sum += clippedForLogLoss(p.probability(c));
        }
        return sum;
    }

    /** The bin {@code i} with {@code i/M < confidence <= (i+1)/M}; 0 for confidence 0. */
    static int calibrationBin(double confidence, int bins) {
        int b = Math.min(bins - 1, Math.max(0, (int) Math.ceil(confidence * bins) - 1));
        while (b > 0 && confidence <= (double) b / bins) {
            b--;
        }
        while (b < bins - 1 && confidence > (double) (b + 1) / bins) {
            b++;
        }
        return b;
    }

    /** Adds the other state into this one and returns {@code this}. */
    public MetricsState merge(MetricsState other) {
        if (other.numClasses != numClasses || other.topK != topK || other.binCount.length != binCount.length
                || (other.histograms == null) != (histograms == null)) {
            throw new IllegalArgumentException("cannot merge metrics states built with different classes or options");
        }
        confusion.merge(other.confusion);
        topKHits += other.topKHits;
        logLossSum += other.logLossSum;
        for (int b = 0; b < binCount.length; b++) {
            binCount[b] += other.binCount[b];
            binCorrect[b] += other.binCorrect[b];
            binConfidenceSum[b] += other.binConfidenceSum[b];
        }
        if (histograms != null) {
            histograms.merge(other.histograms);
        }
        return this;
    }

    public int numClasses() {
        return numClasses;
    }

    /** The k in use: the configured k capped at the number of classes. */
    public int topK() {
        return topK;
    }

    public ConfusionState confusion() {
        return confusion;
    }

    public long total() {
        return confusion.total();
    }

    public long topKHits() {
        return topKHits;
    }

    public double logLossSum() {
        return logLossSum;
    }

    public int calibrationBins() {
        return binCount.length;
    }

    public long binCount(int bin) {
        return binCount[bin];
    }

    public long binCorrect(int bin) {
        return binCorrect[bin];
    }

    public double binConfidenceSum(int bin) {
        return binConfidenceSum[bin];
    }

    /** The score histograms; null unless the state was built for binned curves. */
    public ScoreHistograms histograms() {
        return histograms;
    }

    /** True when every count is equal and the floating sums agree within {@code relativeTolerance}. */
    public boolean equalsWithin(MetricsState other, double relativeTolerance) {
        if (other.numClasses != numClasses || other.topK != topK || !other.confusion.equals(confusion)
                || other.topKHits != topKHits || !Arrays.equals(other.binCount, binCount)
                || !Arrays.equals(other.binCorrect, binCorrect)
                || !java.util.Objects.equals(other.histograms, histograms)) {
            return false;
        }
        if (!close(other.logLossSum, logLossSum, relativeTolerance)) {
            return false;
        }
        for (int b = 0; b < binCount.length; b++) {
            if (!close(other.binConfidenceSum[b], binConfidenceSum[b], relativeTolerance)) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double a, double b, double relativeTolerance) {
        return Math.abs(a - b) <= relativeTolerance * Math.max(1.0, Math.max(Math.abs(a), Math.abs(b)));
    }
}
