package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.BadDataException;
import org.apache.spark.api.java.JavaRDD;

import java.util.List;
import java.util.Objects;

/**
 * Computes {@link FullMetrics} on Spark: one {@code treeAggregate} of {@link MetricsState}s and, for
 * exact curves, the distributed sort of {@link ExactCurves}. No prediction is collected to the
 * driver; what reaches it is the merged state and per-partition sums, whose size depends on the
 * number of classes, bins and partitions, not on the number of predictions.
 */
public final class DistributedMetrics {
    /** Most predictions one evaluation may hold. */
    public static final long MAX_PREDICTIONS = 3_000_000_000L;

    private DistributedMetrics() {
    }

    /**
     * @param predictions class ids index {@code classNames}; one probability per class
     * @param classNames  class names, index = class id
     * @throws BadDataException if there are no predictions or one does not fit the classes
     */
    public static FullMetrics compute(JavaRDD<Prediction> predictions, List<String> classNames,
                                      MetricsOptions options) {
        Objects.requireNonNull(predictions, "predictions");
        Objects.requireNonNull(options, "options");
        int k = classNames.size();
        if (k < 1) {
            throw new IllegalArgumentException("classNames is empty; metrics need at least one class");
        }
        MetricsState state = predictions.treeAggregate(new MetricsState(k, options), MetricsState::add,
                MetricsState::merge);
        return fromState(state, classNames, options, predictions);
    }

    /**
     * The result for an already merged state. {@code predictions} is read again only for exact
     * curves; it may be null in binned mode.
     */
    static FullMetrics fromState(MetricsState state, List<String> classNames, MetricsOptions options,
                                 JavaRDD<Prediction> predictions) {
        long n = state.total();
        if (n == 0) {
            throw new BadDataException("there are no predictions to evaluate; expected at least one");
        }
        // The AUC numerator, at most n^2 / 2, is a long.
        if (n > MAX_PREDICTIONS) {
            throw new IllegalArgumentException("cannot evaluate " + n + " predictions; accepted at most "
                    + MAX_PREDICTIONS);
        }
        int k = state.numClasses();
        long[] positives = new long[k];
        long[] negatives = new long[k];
        long[][] counts = state.confusion().counts();
        for (int c = 0; c < k; c++) {
            for (long count : counts[c]) {
                positives[c] += count;
            }
            negatives[c] = n - positives[c];
        }
        List<ClassCurve> curves = options.curveMode() == MetricsOptions.CurveMode.EXACT
                ? ExactCurves.compute(predictions, positives, negatives, options)
                : BinnedCurves.compute(state.histograms(), positives, negatives, options);
        return FullMetrics.of(state, classNames, curves, options);
    }
}
