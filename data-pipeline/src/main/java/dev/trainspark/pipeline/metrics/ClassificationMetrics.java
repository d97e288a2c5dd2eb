package dev.trainspark.pipeline.metrics;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Label-based classification metrics with scikit-learn's definitions, computed from a merged
 * {@link ConfusionState}.
 *
 * <p>Every class in {@code classNames} counts, as with scikit-learn's {@code labels=} set to all
 * classes: macro averages divide by the number of classes, including classes that occur neither
 * in the truth nor in the predictions. Undefined ratios are 0 ({@code zero_division=0}).
 *
 * @param classNames       class names, index = class id
 * @param accuracy         fraction of examples predicted correctly
 * @param balancedAccuracy mean recall over the classes that have true examples
 * @param macroPrecision   unweighted mean of per-class precision
 * @param macroRecall      unweighted mean of per-class recall
 * @param macroF1          unweighted mean of per-class F1
 * @param microF1          F1 of the pooled counts (equals accuracy for single-label data)
 * @param weightedF1       per-class F1 weighted by support
 * @param kappa            Cohen's kappa, unweighted; NaN where it is undefined (only one class
 *                         occurs, in truth and predictions alike), as scikit-learn returns
 * @param mcc              Matthews correlation coefficient, multiclass form; 0 where undefined
 * @param perClass         scores per class, in class-id order
 * @param confusionMatrix  counts {@code [actual][predicted]}
 */
public record ClassificationMetrics(
        List<String> classNames,
        double accuracy,
        double balancedAccuracy,
        double macroPrecision,
        double macroRecall,
        double macroF1,
        double microF1,
        double weightedF1,
        double kappa,
        double mcc,
        List<ClassScores> perClass,
        List<List<Long>> confusionMatrix) implements Serializable {

    /** One class's one-vs-rest scores; {@code support} is the number of true examples of it. */
    public record ClassScores(double precision, double recall, double f1, long support) implements Serializable {
        public ClassScores {
            if (support < 0) {
                throw new IllegalArgumentException("support is " + support + "; accepted >= 0");
            }
        }
    }

    public ClassificationMetrics {
        classNames = List.copyOf(classNames);
        perClass = List.copyOf(perClass);
        List<List<Long>> rows = new ArrayList<>(confusionMatrix.size());
        for (List<Long> row : confusionMatrix) {
            rows.add(List.copyOf(row));
        }
        confusionMatrix = List.copyOf(rows);

        int k = classNames.size();
        checkDistinct(classNames);
        if (perClass.size() != k) {
            throw new IllegalArgumentException(
                    "perClass has " + perClass.size() + " entries; expected one per class (" + k + ")");
        }
        if (confusionMatrix.size() != k) {
            throw new IllegalArgumentException(
                    "confusionMatrix has " + confusionMatrix.size() + " rows; expected " + k);
        }
        for (int i = 0; i < k; i++) {
            if (confusionMatrix.get(i).size() != k) {
                throw new IllegalArgumentException("confusionMatrix row " + i + " has "
                        + confusionMatrix.get(i).size() + " columns; expected " + k);
            }
        }
    }

    /**
     * Computes every metric from merged counts.
     *
     * @param classNames one name per class of {@code state}, index = class id, all distinct
     * @throws IllegalArgumentException if the names do not match the state or the state is empty
     */
    public static ClassificationMetrics of(ConfusionState state, List<String> classNames) {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(classNames, "classNames");
        int k = state.numClasses();
        if (classNames.size() != k) {
            throw new IllegalArgumentException("got " + classNames.size() + " class names for a "
                    + "confusion state of " + k + " classes; pass exactly one name per class");
        }
        long n = state.total();
        if (n == 0) {
            throw new IllegalArgumentException(
                    "the confusion state counts 0 examples; metrics need at least one");
        }

        long[][] c = state.counts();
        long[] truePerClass = new long[k];   // row sums: support
        long[] predPerClass = new long[k];   // column sums
        long correct = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                truePerClass[i] += c[i][j];
                predPerClass[j] += c[i][j];
            }
            correct += c[i][i];
        }

        List<ClassScores> perClass = new ArrayList<>(k);
        double sumPrecision = 0;
        double sumRecall = 0;
        double sumF1 = 0;
        double supportWeightedF1 = 0;
        double sumRecallOfPresent = 0;
        int present = 0;
        for (int i = 0; i < k; i++) {
            long tp = c[i][i];
            double precision = ratioOrZero(tp, predPerClass[i]);
            double recall = ratioOrZero(tp, truePerClass[i]);
            // scikit-learn's count form, 2tp / (2tp + fp + fn), not 2PR / (P + R): the two round
            // differently and the count form is defined whenever the class occurs at all.
            double f1 = ratioOrZero(2 * tp, truePerClass[i] + predPerClass[i]);
            perClass.add(new ClassScores(precision, recall, f1, truePerClass[i]));
            sumPrecision += precision;
            sumRecall += recall;
            sumF1 += f1;
            supportWeightedF1 += f1 * truePerClass[i];
            // balanced_accuracy_score drops the NaN recall of classes without true examples
            // instead of counting them as 0, unlike the macro recall.
            if (truePerClass[i] > 0) {
                sumRecallOfPresent += recall;
                present++;
            }
        }

        // The chance-agreement and covariance terms below are integers; doubles hold them
        // exactly up to 2^53, far beyond any evaluation set, so each metric is rounded once.
        double nn = (double) n * n;
        double agreementByChance = 0;  // sum_i pred_i * true_i
        double predSquares = 0;
        double trueSquares = 0;
        for (int i = 0; i < k; i++) {
            agreementByChance += (double) predPerClass[i] * truePerClass[i];
            predSquares += (double) predPerClass[i] * predPerClass[i];
            trueSquares += (double) truePerClass[i] * truePerClass[i];
        }
        double covTruePred = (double) correct * n - agreementByChance;

        // Cohen: (p_o - p_e) / (1 - p_e), multiplied through by n^2. Its denominator is 0 only
        // when truth and predictions both use a single class; scikit-learn returns NaN there.
        double kappaDenominator = nn - agreementByChance;
        double kappa = kappaDenominator == 0 ? Double.NaN : covTruePred / kappaDenominator;

        double covPredPred = nn - predSquares;
        double covTrueTrue = nn - trueSquares;
        double mcc = covPredPred * covTrueTrue == 0
                ? 0.0
                : covTruePred / Math.sqrt(covTrueTrue * covPredPred);

        List<List<Long>> matrix = new ArrayList<>(k);
        for (long[] row : c) {
            List<Long> boxed = new ArrayList<>(k);
            for (long count : row) {
                boxed.add(count);
            }
            matrix.add(boxed);
        }

        return new ClassificationMetrics(
                classNames,
                (double) correct / n,
                sumRecallOfPresent / present,
                sumPrecision / k,
                sumRecall / k,
                sumF1 / k,
                // micro F1 pools the counts: 2*correct / (n + n), which is accuracy.
                (double) (2 * correct) / (2 * n),
                supportWeightedF1 / n,
                kappa,
                mcc,
                perClass,
                matrix);
    }

    /**
     * The {@code metrics.json} names and layout, in the documented order. Undefined values
     * (a NaN kappa) become {@code null}, since JSON has no NaN.
     */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("accuracy", finiteOrNull(accuracy));
        json.put("balanced_accuracy", finiteOrNull(balancedAccuracy));
        json.put("macro_precision", finiteOrNull(macroPrecision));
        json.put("macro_recall", finiteOrNull(macroRecall));
        json.put("macro_f1", finiteOrNull(macroF1));
        json.put("micro_f1", finiteOrNull(microF1));
        json.put("weighted_f1", finiteOrNull(weightedF1));
        json.put("kappa", finiteOrNull(kappa));
        json.put("mcc", finiteOrNull(mcc));
        json.put("confusion_matrix", confusionMatrix);
        Map<String, Object> classes = new LinkedHashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            ClassScores s = perClass.get(i);
            Map<String, Object> scores = new LinkedHashMap<>();
            scores.put("precision", s.precision());
            scores.put("recall", s.recall());
            scores.put("f1", s.f1());
            scores.put("support", s.support());
            classes.put(classNames.get(i), Collections.unmodifiableMap(scores));
        }
        json.put("per_class", Collections.unmodifiableMap(classes));
        return Collections.unmodifiableMap(json);
    }

    /** Scores of the class with this id. */
    public ClassScores scoresOf(int classId) {
        return perClass.get(classId);
    }

    private static double ratioOrZero(long numerator, long denominator) {
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static void checkDistinct(List<String> classNames) {
        // per_class is keyed by name, so two classes with one name would silently collapse.
        var seen = new HashSet<String>();
        for (String name : classNames) {
            if (!seen.add(Objects.requireNonNull(name, "class name"))) {
                throw new IllegalArgumentException(
                        "class name '" + name + "' occurs twice; class names must be distinct");
            }
        }
    }
}
