package dev.trainspark.pipeline.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * Fixtures computed by hand with scikit-learn's definitions (zero_division=0, labels = all
 * classes); every expected value is written as the exact fraction it reduces to.
 */
class ClassificationMetricsTest {

    private static final double EPS = 1e-12;

    private static ConfusionState state(int numClasses, int[] yTrue, int[] yPred) {
        assertEquals(yTrue.length, yPred.length, "fixture lengths");
        ConfusionState state = new ConfusionState(numClasses);
        for (int i = 0; i < yTrue.length; i++) {
            state.add(yTrue[i], yPred[i]);
        }
        return state;
    }

    private static int[] repeat(int... labelAndCount) {
        return IntStream.range(0, labelAndCount.length / 2)
                .flatMap(i -> IntStream.generate(() -> labelAndCount[2 * i]).limit(labelAndCount[2 * i + 1]))
                .toArray();
    }

    private static void assertClass(ClassificationMetrics m, int id, double p, double r, double f1, long support) {
        ClassificationMetrics.ClassScores s = m.scoresOf(id);
        String who = m.classNames().get(id);
        assertEquals(p, s.precision(), EPS, who + " precision");
        assertEquals(r, s.recall(), EPS, who + " recall");
        assertEquals(f1, s.f1(), EPS, who + " f1");
        assertEquals(support, s.support(), who + " support");
    }

    /*
     * Three classes, cat=0 dog=1 bird=2, 24 examples.
     *   y_true = 0 x8, 1 x10, 2 x6
     *   y_pred = 0 0 0 0 0 1 1 2 | 0 1 1 1 1 1 1 2 2 2 | 1 1 2 2 2 2
     * Confusion (rows actual, columns predicted):
     *   cat  [5 2 1]  support 8
     *   dog  [1 6 3]  support 10
     *   bird [0 2 4]  support 6
     *   predicted totals 6, 10, 8; N = 24; trace = 15
     * precision: cat 5/6, dog 6/10 = 3/5, bird 4/8 = 1/2
     * recall:    cat 5/8, dog 6/10 = 3/5, bird 4/6 = 2/3
     * f1 = 2tp/(support + predicted): cat 10/14 = 5/7, dog 12/20 = 3/5, bird 8/14 = 4/7
     * accuracy = micro_f1 = 15/24 = 5/8
     * balanced_accuracy = macro_recall = (5/8 + 3/5 + 2/3)/3 = (75 + 72 + 80)/360 = 227/360
     * macro_precision = (5/6 + 3/5 + 1/2)/3 = (25 + 18 + 15)/90 = 29/45
     * macro_f1 = (5/7 + 3/5 + 4/7)/3 = (45 + 21)/105 = 22/35
     * weighted_f1 = (8*5/7 + 10*3/5 + 6*4/7)/24 = (64/7 + 6)/24 = 106/168 = 53/84
     * sum_i pred_i*true_i = 6*8 + 10*10 + 8*6 = 196
     * kappa = (N*trace - 196)/(N^2 - 196) = (360 - 196)/(576 - 196) = 164/380 = 41/95
     * mcc: cov(t,p) = 164; cov(p,p) = 576 - (36 + 100 + 64) = 376;
     *      cov(t,t) = 576 - (64 + 100 + 36) = 376; mcc = 164/sqrt(376*376) = 41/94
     */
    @Test
    void threeClassFixture() {
        int[] yTrue = repeat(0, 8, 1, 10, 2, 6);
        int[] yPred = {0, 0, 0, 0, 0, 1, 1, 2, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 2, 2, 2, 2};
        ClassificationMetrics m = ClassificationMetrics.of(state(3, yTrue, yPred), List.of("cat", "dog", "bird"));

        assertEquals(List.of(List.of(5L, 2L, 1L), List.of(1L, 6L, 3L), List.of(0L, 2L, 4L)), m.confusionMatrix());
        assertClass(m, 0, 5.0 / 6, 5.0 / 8, 5.0 / 7, 8);
        assertClass(m, 1, 3.0 / 5, 3.0 / 5, 3.0 / 5, 10);
        assertClass(m, 2, 1.0 / 2, 2.0 / 3, 4.0 / 7, 6);
        assertEquals(5.0 / 8, m.accuracy(), EPS);
        assertEquals(227.0 / 360, m.balancedAccuracy(), EPS);
        assertEquals(29.0 / 45, m.macroPrecision(), EPS);
        assertEquals(227.0 / 360, m.macroRecall(), EPS);
        assertEquals(22.0 / 35, m.macroF1(), EPS);
        assertEquals(5.0 / 8, m.microF1(), EPS);
        assertEquals(53.0 / 84, m.weightedF1(), EPS);
        assertEquals(41.0 / 95, m.kappa(), EPS);
        assertEquals(41.0 / 94, m.mcc(), EPS);
    }

    @Test
    void perfectClassifierScoresOneEverywhere() {
        int[] y = {0, 1, 2, 2, 1, 0, 2};
        ClassificationMetrics m = ClassificationMetrics.of(state(3, y, y), List.of("a", "b", "c"));

        for (double value : new double[] {m.accuracy(), m.balancedAccuracy(), m.macroPrecision(),
                m.macroRecall(), m.macroF1(), m.microF1(), m.weightedF1(), m.kappa(), m.mcc()}) {
            assertEquals(1.0, value, EPS);
        }
        assertClass(m, 0, 1, 1, 1, 2);
        assertClass(m, 1, 1, 1, 1, 2);
        assertClass(m, 2, 1, 1, 1, 3);
    }

    /*
     * Class 2 is never predicted.
     *   y_true = 0 0 0 1 1 1 2 2
     *   y_pred = 0 0 1 1 1 0 1 0
     * Confusion: [2 1 0] [1 2 0] [1 1 0]; supports 3, 3, 2; predicted 4, 4, 0; N = 8, trace = 4
     * precision 2/4, 2/4, 0 (0/0 -> zero_division = 0); recall 2/3, 2/3, 0; f1 4/7, 4/7, 0
     * accuracy = 4/8 = 1/2; balanced = macro_recall = (4/3)/3 = 4/9
     * macro_precision = 1/3; macro_f1 = (8/7)/3 = 8/21; weighted_f1 = (3*4/7*2)/8 = 3/7
     * sum pred*true = 12 + 12 + 0 = 24; kappa = (32 - 24)/(64 - 24) = 1/5
     * mcc = 8/sqrt((64 - 22)*(64 - 32)) = 8/sqrt(1344) = 1/sqrt(21)
     */
    @Test
    void classNeverPredictedHasZeroPrecision() {
        int[] yTrue = {0, 0, 0, 1, 1, 1, 2, 2};
        int[] yPred = {0, 0, 1, 1, 1, 0, 1, 0};
        ClassificationMetrics m = ClassificationMetrics.of(state(3, yTrue, yPred), List.of("a", "b", "c"));

        assertClass(m, 0, 1.0 / 2, 2.0 / 3, 4.0 / 7, 3);
        assertClass(m, 1, 1.0 / 2, 2.0 / 3, 4.0 / 7, 3);
        assertClass(m, 2, 0, 0, 0, 2);
        assertEquals(1.0 / 2, m.accuracy(), EPS);
        assertEquals(4.0 / 9, m.balancedAccuracy(), EPS);
        assertEquals(1.0 / 3, m.macroPrecision(), EPS);
        assertEquals(4.0 / 9, m.macroRecall(), EPS);
        assertEquals(8.0 / 21, m.macroF1(), EPS);
        assertEquals(1.0 / 2, m.microF1(), EPS);
        assertEquals(3.0 / 7, m.weightedF1(), EPS);
        assertEquals(1.0 / 5, m.kappa(), EPS);
        assertEquals(1.0 / Math.sqrt(21), m.mcc(), EPS);
    }

    /*
     * Class 2 is predicted once but has no true examples.
     *   y_true = 0 0 1 1
     *   y_pred = 0 2 1 1
     * Confusion: [1 0 1] [0 2 0] [0 0 0]; supports 2, 2, 0; predicted 1, 2, 1; N = 4, trace = 3
     * precision 1, 1, 0; recall 1/2, 1, 0 (0/0); f1 2/3, 1, 0 (2*0/(0 + 1))
     * balanced_accuracy skips class 2's undefined recall: (1/2 + 1)/2 = 3/4,
     * while macro_recall keeps it as 0: (1/2 + 1 + 0)/3 = 1/2
     * accuracy = 3/4; macro_precision = 2/3; macro_f1 = (5/3)/3 = 5/9; weighted_f1 = (4/3 + 2)/4 = 5/6
     * sum pred*true = 2 + 4 + 0 = 6; kappa = (12 - 6)/(16 - 6) = 3/5
     * mcc = 6/sqrt((16 - 8)*(16 - 6)) = 6/sqrt(80) = 3/(2*sqrt(5))
     */
    @Test
    void classAbsentFromTruthIsLeftOutOfBalancedAccuracyOnly() {
        int[] yTrue = {0, 0, 1, 1};
        int[] yPred = {0, 2, 1, 1};
        ClassificationMetrics m = ClassificationMetrics.of(state(3, yTrue, yPred), List.of("a", "b", "c"));

        assertClass(m, 0, 1, 1.0 / 2, 2.0 / 3, 2);
        assertClass(m, 1, 1, 1, 1, 2);
        assertClass(m, 2, 0, 0, 0, 0);
        assertEquals(3.0 / 4, m.accuracy(), EPS);
        assertEquals(3.0 / 4, m.balancedAccuracy(), EPS);
        assertEquals(2.0 / 3, m.macroPrecision(), EPS);
        assertEquals(1.0 / 2, m.macroRecall(), EPS);
        assertEquals(5.0 / 9, m.macroF1(), EPS);
        assertEquals(5.0 / 6, m.weightedF1(), EPS);
        assertEquals(3.0 / 5, m.kappa(), EPS);
        assertEquals(3.0 / (2 * Math.sqrt(5)), m.mcc(), EPS);
    }

    /*
     * The same data with a fourth class that occurs nowhere: macro averages divide by 4
     * (labels = all classes); balanced accuracy, kappa and mcc do not change.
     * macro_precision = 2/4; macro_recall = (3/2)/4 = 3/8; macro_f1 = (5/3)/4 = 5/12
     */
    @Test
    void classAbsentEverywhereStillCountsInMacroAverages() {
        int[] yTrue = {0, 0, 1, 1};
        int[] yPred = {0, 2, 1, 1};
        ClassificationMetrics m = ClassificationMetrics.of(state(4, yTrue, yPred), List.of("a", "b", "c", "d"));

        assertClass(m, 3, 0, 0, 0, 0);
        assertEquals(1.0 / 2, m.macroPrecision(), EPS);
        assertEquals(3.0 / 8, m.macroRecall(), EPS);
        assertEquals(5.0 / 12, m.macroF1(), EPS);
        assertEquals(3.0 / 4, m.balancedAccuracy(), EPS);
        assertEquals(5.0 / 6, m.weightedF1(), EPS);
        assertEquals(3.0 / 5, m.kappa(), EPS);
        assertEquals(3.0 / (2 * Math.sqrt(5)), m.mcc(), EPS);
    }

    /*
     * Binary, class 1 positive: tn = 50, fp = 10, fn = 5, tp = 35 (N = 100).
     * mcc   = (tp*tn - fp*fn) / sqrt((tp+fp)(tp+fn)(tn+fp)(tn+fn)) = 1700/sqrt(45*40*60*55)
     * kappa = 2(tp*tn - fn*fp) / ((tp+fp)(fp+tn) + (tp+fn)(fn+tn)) = 3400/4900 = 34/49
     * precision 50/55 = 10/11, 35/45 = 7/9; recall 50/60 = 5/6, 35/40 = 7/8
     * f1 = 2tp/(2tp+fp+fn): 100/115 = 20/23, 70/85 = 14/17
     */
    @Test
    void binaryMatchesClosedForms() {
        long tn = 50;
        long fp = 10;
        long fn = 5;
        long tp = 35;
        int[] yTrue = repeat(0, 60, 1, 40);
        int[] yPred = repeat(0, 50, 1, 10, 0, 5, 1, 35);
        ClassificationMetrics m = ClassificationMetrics.of(state(2, yTrue, yPred), List.of("neg", "pos"));

        assertEquals(List.of(List.of(tn, fp), List.of(fn, tp)), m.confusionMatrix());
        double mcc = (tp * tn - fp * fn) / Math.sqrt((double) (tp + fp) * (tp + fn) * (tn + fp) * (tn + fn));
        double kappa = 2.0 * (tp * tn - fn * fp) / ((tp + fp) * (fp + tn) + (tp + fn) * (fn + tn));
        assertEquals(mcc, m.mcc(), EPS);
        assertEquals(kappa, m.kappa(), EPS);
        assertEquals(34.0 / 49, m.kappa(), EPS);
        assertEquals(0.85, m.accuracy(), EPS);
        assertClass(m, 0, 10.0 / 11, 5.0 / 6, 20.0 / 23, 60);
        assertClass(m, 1, 7.0 / 9, 7.0 / 8, 14.0 / 17, 40);
        assertEquals((5.0 / 6 + 7.0 / 8) / 2, m.balancedAccuracy(), EPS);
        assertEquals((60 * 20.0 / 23 + 40 * 14.0 / 17) / 100, m.weightedF1(), EPS);
    }

    /** The values scikit-learn's own test_cohen_kappa asserts, to the decimals it asserts. */
    @Test
    void kappaAgreesWithScikitLearnsPublishedValues() {
        ClassificationMetrics binary = ClassificationMetrics.of(
                state(2, repeat(0, 40, 1, 60), repeat(0, 20, 1, 20, 0, 10, 1, 50)), List.of("x", "y"));
        assertEquals(0.348, binary.kappa(), 5e-4);
        assertEquals(8.0 / 23, binary.kappa(), EPS);

        int[] yTrue = repeat(0, 46, 1, 44, 2, 10);
        ClassificationMetrics first = ClassificationMetrics.of(
                state(3, yTrue, repeat(0, 52, 1, 32, 2, 16)), List.of("x", "y", "z"));
        assertEquals(0.8013, first.kappa(), 5e-5);
        ClassificationMetrics second = ClassificationMetrics.of(
                state(3, yTrue, repeat(0, 50, 1, 40, 2, 10)), List.of("x", "y", "z"));
        assertEquals(0.9315, second.kappa(), 5e-5);
    }

    /*
     * Only one class occurs, in truth and predictions: kappa is 0/0 (scikit-learn: NaN),
     * mcc's denominator is 0 (scikit-learn: 0).
     */
    @Test
    void singleOccurringClassGivesUndefinedKappaAndZeroMcc() {
        int[] y = {1, 1, 1};
        ClassificationMetrics m = ClassificationMetrics.of(state(3, y, y), List.of("a", "b", "c"));

        assertTrue(Double.isNaN(m.kappa()));
        assertEquals(0.0, m.mcc());
        assertEquals(1.0, m.accuracy(), EPS);
        assertEquals(1.0, m.balancedAccuracy(), EPS);
        assertNull(m.toJsonMap().get("kappa"), "JSON has no NaN");
    }

    @Test
    void jsonMapHasTheDocumentedKeysInOrder() {
        int[] yTrue = {0, 0, 1, 1};
        int[] yPred = {0, 1, 1, 1};
        ClassificationMetrics m = ClassificationMetrics.of(state(2, yTrue, yPred), List.of("cat", "dog"));
        Map<String, Object> json = m.toJsonMap();

        assertEquals(List.of("accuracy", "balanced_accuracy", "macro_precision", "macro_recall", "macro_f1",
                "micro_f1", "weighted_f1", "kappa", "mcc", "confusion_matrix", "per_class"),
                List.copyOf(json.keySet()));
        assertEquals(0.75, (Double) json.get("accuracy"), EPS);
        assertEquals(List.of(List.of(1L, 1L), List.of(0L, 2L)), json.get("confusion_matrix"));

        Map<?, ?> perClass = (Map<?, ?>) json.get("per_class");
        assertEquals(List.of("cat", "dog"), List.copyOf(perClass.keySet()));
        Map<?, ?> dog = (Map<?, ?>) perClass.get("dog");
        assertEquals(List.of("precision", "recall", "f1", "support"), List.copyOf(dog.keySet()));
        assertEquals(2.0 / 3, (Double) dog.get("precision"), EPS);
        assertEquals(1.0, (Double) dog.get("recall"), EPS);
        assertEquals(4.0 / 5, (Double) dog.get("f1"), EPS);
        assertEquals(2L, dog.get("support"));
    }

    @Test
    void rejectsNamesThatDoNotMatchTheState() {
        ConfusionState state = new ConfusionState(3).add(0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(state, List.of("a", "b")));
        assertTrue(e.getMessage().contains("2 class names") && e.getMessage().contains("3 classes"),
                e.getMessage());
    }

    @Test
    void rejectsDuplicateNamesBecausePerClassIsKeyedByName() {
        ConfusionState state = new ConfusionState(2).add(0, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(state, List.of("a", "a")));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void rejectsAnEmptyState() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassificationMetrics.of(new ConfusionState(2), List.of("a", "b")));
        assertTrue(e.getMessage().contains("0 examples"), e.getMessage());
    }

    @Test
    void isImmutable() {
        ClassificationMetrics m = ClassificationMetrics.of(new ConfusionState(2).add(0, 1), List.of("a", "b"));
        assertThrows(UnsupportedOperationException.class, () -> m.confusionMatrix().get(0).set(0, 5L));
        assertThrows(UnsupportedOperationException.class, () -> m.classNames().set(0, "z"));
        assertThrows(UnsupportedOperationException.class, () -> m.toJsonMap().put("x", 1));
    }
}
