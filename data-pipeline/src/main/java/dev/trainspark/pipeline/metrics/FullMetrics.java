package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every classification metric of an evaluation: the label metrics of {@link ClassificationMetrics}
 * plus the probability and ranking metrics, with scikit-learn's definitions.
 *
 * <p>Per-class AUC and AP are undefined for a class with no positives (AUC also for one with no
 * negatives): scikit-learn raises there; here the class reports null and the macro averages
 * ({@code auc_ovr_macro}, {@code average_precision_macro}) are taken over the classes where the
 * value is defined (null when none is).
 *
 * @param classification        accuracy, F1s, kappa, MCC, confusion matrix, per-class scores
 * @param topK                  the k used (configured k capped at the number of classes)
 * @param topKAccuracy          fraction of examples whose true class is among the k highest scores
 * @param logLoss               mean negative log-probability of the true class, clipped
 * @param ece                   expected calibration error: sum over bins of (count / n) x |accuracy -
 *                              mean confidence|
 * @param reliability           the calibration bins, for the reliability diagram
 * @param curves                per class: AUC, AP, error bounds, downsampled ROC and PR points
 * @param aucOvrMacro           mean one-vs-rest AUC over the classes where it is defined
 * @param averagePrecisionMacro mean AP over the classes where it is defined
 * @param curveMode             how the curves were computed
 * @param apConvention          which AP is reported
 * @param aucErrorBound         bound on the error of {@code aucOvrMacro} (mean of the per-class
 *                              bounds; 0 for exact curves)
 * @param averagePrecisionErrorBound bound on the error of {@code averagePrecisionMacro}
 */
public record FullMetrics(
        ClassificationMetrics classification,
        int topK,
        double topKAccuracy,
        double logLoss,
        double ece,
        List<ReliabilityBin> reliability,
        List<ClassCurve> curves,
        double aucOvrMacro,
        double averagePrecisionMacro,
        MetricsOptions.CurveMode curveMode,
        MetricsOptions.ApConvention apConvention,
        double aucErrorBound,
        double averagePrecisionErrorBound) implements Serializable {

    public FullMetrics {
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(curveMode, "curveMode");
        Objects.requireNonNull(apConvention, "apConvention");
        reliability = List.copyOf(reliability);
        curves = List.copyOf(curves);
        if (curves.size() != classification.classNames().size()) {
            throw new IllegalArgumentException("got " + curves.size() + " class curves for "
                    + classification.classNames().size() + " classes; expected one per class");
        }
    }

    /** Builds the result from a merged state and the per-class curves. */
    public static FullMetrics of(MetricsState state, List<String> classNames, List<ClassCurve> curves,
                                 MetricsOptions options) {
        ClassificationMetrics classification = ClassificationMetrics.of(state.confusion(), classNames);
        long n = state.total();
        int bins = state.calibrationBins();
        List<ReliabilityBin> reliability = new ArrayList<>(bins);
        double ece = 0;
        for (int b = 0; b < bins; b++) {
            long count = state.binCount(b);
            double meanConfidence = count == 0 ? Double.NaN : state.binConfidenceSum(b) / count;
            double accuracy = count == 0 ? Double.NaN : (double) state.binCorrect(b) / count;
            if (count > 0) {
                ece += (double) count / n * Math.abs(accuracy - meanConfidence);
            }
            reliability.add(new ReliabilityBin((double) b / bins, (double) (b + 1) / bins, count, meanConfidence,
                    accuracy));
        }
        return new FullMetrics(classification, state.topK(), (double) state.topKHits() / n, state.logLossSum() / n,
                ece, reliability, curves,
                meanOfDefined(curves, ClassCurve::auc), meanOfDefined(curves, ClassCurve::averagePrecision),
                options.curveMode(), options.apConvention(),
                meanOfDefined(curves, ClassCurve::aucErrorBound),
                meanOfDefined(curves, ClassCurve::averagePrecisionErrorBound));
    }

    private static double meanOfDefined(List<ClassCurve> curves, java.util.function.ToDoubleFunction<ClassCurve> f) {
        double sum = 0;
        int defined = 0;
        for (ClassCurve c : curves) {
            double v = f.applyAsDouble(c);
            if (!Double.isNaN(v)) {
                sum += v;
                defined++;
            }
        }
        return defined == 0 ? Double.NaN : sum / defined;
    }

    public double accuracy() {
        return classification.accuracy();
    }

    public double balancedAccuracy() {
        return classification.balancedAccuracy();
    }

    public double macroF1() {
        return classification.macroF1();
    }

    public List<String> classNames() {
        return classification.classNames();
    }

    /**
     * The {@code metrics.json} layout: the documented keys in the documented order, then
     * {@code top_k}, {@code ece_bins}, {@code curve_mode}, {@code average_precision_convention} and
     * {@code curve_error_bound}. Undefined values are null.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> base = classification.toJsonMap();
        Map<String, Object> json = new LinkedHashMap<>();
        for (String key : List.of("accuracy", "balanced_accuracy", "macro_precision", "macro_recall", "macro_f1",
                "micro_f1", "weighted_f1", "kappa", "mcc")) {
            json.put(key, base.get(key));
        }
        json.put("top_k_accuracy", finiteOrNull(topKAccuracy));
        json.put("log_loss", finiteOrNull(logLoss));
        json.put("ece", finiteOrNull(ece));
        json.put("auc_ovr_macro", finiteOrNull(aucOvrMacro));
        json.put("average_precision_macro", finiteOrNull(averagePrecisionMacro));
        json.put("confusion_matrix", base.get("confusion_matrix"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> basePerClass = (Map<String, Map<String, Object>>) base.get("per_class");
        Map<String, Object> perClass = new LinkedHashMap<>();
        List<String> names = classification.classNames();
        for (int c = 0; c < names.size(); c++) {
            Map<String, Object> scores = new LinkedHashMap<>(basePerClass.get(names.get(c)));
            scores.put("auc", finiteOrNull(curves.get(c).auc()));
            scores.put("average_precision", finiteOrNull(curves.get(c).averagePrecision()));
            perClass.put(names.get(c), Collections.unmodifiableMap(scores));
        }
        json.put("per_class", Collections.unmodifiableMap(perClass));

        json.put("top_k", topK);
        List<Map<String, Object>> bins = new ArrayList<>(reliability.size());
        for (ReliabilityBin b : reliability) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("lower", b.lower());
            bin.put("upper", b.upper());
            bin.put("count", b.count());
            bin.put("mean_confidence", finiteOrNull(b.meanConfidence()));
            bin.put("accuracy", finiteOrNull(b.accuracy()));
            bins.add(Collections.unmodifiableMap(bin));
        }
        json.put("ece_bins", Collections.unmodifiableList(bins));
        json.put("curve_mode", curveMode.name().toLowerCase(java.util.Locale.ROOT));
        json.put("average_precision_convention", apConvention.name().toLowerCase(java.util.Locale.ROOT));
        Map<String, Object> bound = new LinkedHashMap<>();
        bound.put("auc_ovr_macro", finiteOrNull(aucErrorBound));
        bound.put("average_precision_macro", finiteOrNull(averagePrecisionErrorBound));
        json.put("curve_error_bound", Collections.unmodifiableMap(bound));
        return Collections.unmodifiableMap(json);
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
