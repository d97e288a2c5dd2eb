package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.Objects;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * How the probability-based metrics are computed.
 *
 * @param topK        k of {@code top_k_accuracy} ({@code metrics.top_k}); capped at the number of
 *                    classes when the metrics are computed
 * @param eceBins     equal-width confidence bins of the expected calibration error
 *                    ({@code metrics.ece_bins})
 * @param curveMode   exact ROC/PR curves from a distributed sort, or curves from per-class score
 *                    histograms with a reported error bound ({@code metrics.curve_mode})
 * @param curveBins   histogram bins per class in {@link CurveMode#BINNED} mode
 *                    ({@code metrics.curve_bins})
 * @param apConvention how per-class average precision is summarized
 *                    ({@code metrics.average_precision})
 * @param curvePoints most points kept per class for plotting ROC and PR curves
 *                    ({@code metrics.curve_points}); it never changes AUC or AP
 */
public record MetricsOptions(int topK, int eceBins, CurveMode curveMode, int curveBins,
                             ApConvention apConvention, int curvePoints) implements Serializable {

    /** Exact curves need a distributed sort; binned curves need one pass and bound their error. */
    public enum CurveMode { EXACT, BINNED }

    /**
     * {@code STEPWISE}: scikit-learn's {@code average_precision_score}, sum over thresholds of
     * (recall step) x precision. {@code VOC11} / {@code COCO101}: mean over 11 / 101 equally spaced
     * recall levels r of the highest precision reached at recall >= r (0 where none is).
     */
    public enum ApConvention { STEPWISE, VOC11, COCO101 }

    public static final int MAX_CURVE_BINS = 1 << 24;
    private static final String CURVE_MODES = "exact or binned";
    private static final String AP_CONVENTIONS = "stepwise, voc11 or coco101";

    public MetricsOptions {
        CONFIG.positive("metrics.top_k", topK);
        CONFIG.between("metrics.ece_bins", eceBins, 1, 10_000);
        CONFIG.require(curveMode != null, "metrics.curve_mode", null, CURVE_MODES);
        CONFIG.between("metrics.curve_bins", curveBins, 2, MAX_CURVE_BINS);
        CONFIG.require(apConvention != null, "metrics.average_precision", null, AP_CONVENTIONS);
        CONFIG.between("metrics.curve_points", curvePoints, 2, 100_000);
    }

    /** top-5, 15 ECE bins, exact curves, step-wise AP, at most 1000 plotted points per class. */
    public static MetricsOptions defaults() {
        return new MetricsOptions(5, 15, CurveMode.EXACT, 10_000, ApConvention.STEPWISE, 1000);
    }

    public MetricsOptions withCurveMode(CurveMode mode) {
        return new MetricsOptions(topK, eceBins, mode, curveBins, apConvention, curvePoints);
    }

    public MetricsOptions withCurveBins(int bins) {
        return new MetricsOptions(topK, eceBins, curveMode, bins, apConvention, curvePoints);
    }

    public MetricsOptions withTopK(int k) {
        return new MetricsOptions(k, eceBins, curveMode, curveBins, apConvention, curvePoints);
    }

    public MetricsOptions withApConvention(ApConvention convention) {
        return new MetricsOptions(topK, eceBins, curveMode, curveBins, convention, curvePoints);
    }

    /** Parses {@code metrics.curve_mode} ({@code exact} or {@code binned}, any case). */
    public static CurveMode parseCurveMode(String value) {
        Objects.requireNonNull(value, "metrics.curve_mode");
        for (CurveMode mode : CurveMode.values()) {
            if (mode.name().equalsIgnoreCase(value.trim())) {
                return mode;
            }
        }
        throw CONFIG.rejection("metrics.curve_mode", value, CURVE_MODES);
    }

    /** Parses {@code metrics.average_precision} ({@code stepwise}, {@code voc11}, {@code coco101}). */
    public static ApConvention parseApConvention(String value) {
        Objects.requireNonNull(value, "metrics.average_precision");
        for (ApConvention convention : ApConvention.values()) {
            if (convention.name().equalsIgnoreCase(value.trim())) {
                return convention;
            }
        }
        throw CONFIG.rejection("metrics.average_precision", value, AP_CONVENTIONS);
    }
}
