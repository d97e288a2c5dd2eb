package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.testing.WithLocalSpark;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.trainspark.pipeline.metrics.MetricsFixtures.ABC;
import static dev.trainspark.pipeline.metrics.MetricsFixtures.sixWithTies;
import static dev.trainspark.pipeline.metrics.MetricsFixtures.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@WithLocalSpark
class DistributedMetricsTest {
    private static final double EXACT = 1e-9;
    private static JavaSparkContext sc;

    @BeforeAll
    static void start(JavaSparkContext context) {
        sc = context;
    }

    private static FullMetrics compute(List<Prediction> data, List<String> classes, int partitions, MetricsOptions o) {
        return DistributedMetrics.compute(sc.parallelize(data, partitions), classes, o);
    }

    @Test
    void exactCurvesOfTheHandFixture() {
        // Class a: positives score 0.6, 0.4; negatives 0.4, 0.2, 0.1, 0.6. Pairs: 0.6 beats three and
        // ties one (3.5), 0.4 ties one and beats two (2.5): AUC 6/8. Thresholds 0.6 (tp 1, fp 1) and
        // 0.4 (tp 2, fp 2) each add recall 1/2 at precision 1/2: AP 1/2.
        // Class b: 0.5 beats all four (4), 0.3 ties one, loses one, beats two (2.5): AUC 6.5/8;
        // thresholds 0.5 (1, 0) and 0.3 (2, 2): AP 1/2 x 1 + 1/2 x 1/2 = 3/4. Class c likewise.
        for (int partitions : new int[] {1, 3}) {
            FullMetrics m = compute(sixWithTies(), ABC, partitions, MetricsOptions.defaults().withTopK(1));
            assertEquals(0.75, m.curves().get(0).auc(), EXACT);
            assertEquals(6.5 / 8, m.curves().get(1).auc(), EXACT);
            assertEquals(6.5 / 8, m.curves().get(2).auc(), EXACT);
            assertEquals(0.5, m.curves().get(0).averagePrecision(), EXACT);
            assertEquals(0.75, m.curves().get(1).averagePrecision(), EXACT);
            assertEquals(0.75, m.curves().get(2).averagePrecision(), EXACT);
            assertEquals((0.75 + 2 * 6.5 / 8) / 3, m.aucOvrMacro(), EXACT);
            assertEquals((0.5 + 0.75 + 0.75) / 3, m.averagePrecisionMacro(), EXACT);
            assertEquals(0.5, m.topKAccuracy(), EXACT);
            assertEquals(0.5, m.accuracy(), EXACT);
            assertEquals(0.0, m.aucErrorBound());
            // ROC of class a through the threshold points: (0,0), (1/4,1/2), (2/4,1), (3/4,1), (1,1).
            assertEquals(List.of(new CurvePoint(0, 0), new CurvePoint(0.25, 0.5), new CurvePoint(0.5, 1),
                    new CurvePoint(0.75, 1), new CurvePoint(1, 1)), m.curves().get(0).roc());
            assertEquals(new CurvePoint(0, 1), m.curves().get(0).precisionRecall().get(0));
            assertEquals(new CurvePoint(1, 2.0 / 6), m.curves().get(0).precisionRecall().get(4));
        }
    }

    @Test
    void interpolatedApOfTheHandFixture() {
        // Class a reaches precision 1/2 at every recall: 1/2. Classes b and c reach precision 1 up to
        // recall 1/2 and 1/2 beyond: VOC (6 x 1 + 5 x 1/2) / 11, COCO (51 x 1 + 50 x 1/2) / 101.
        FullMetrics voc = compute(sixWithTies(), ABC, 2,
                MetricsOptions.defaults().withApConvention(MetricsOptions.ApConvention.VOC11));
        assertEquals(0.5, voc.curves().get(0).averagePrecision(), EXACT);
        assertEquals(8.5 / 11, voc.curves().get(1).averagePrecision(), EXACT);
        FullMetrics coco = compute(sixWithTies(), ABC, 2,
                MetricsOptions.defaults().withApConvention(MetricsOptions.ApConvention.COCO101));
        assertEquals(76.0 / 101, coco.curves().get(2).averagePrecision(), EXACT);
        assertEquals("coco101", coco.toJsonMap().get("average_precision_convention"));
    }

    @Test
    void exactModeEqualsBruteForceWithTiesForOneOrFourPartitions() {
        List<Prediction> data = MetricsFixtures.random(700, 4, 20, 17);
        List<String> classes = List.of("w", "x", "y", "z");
        for (MetricsOptions.ApConvention convention : MetricsOptions.ApConvention.values()) {
            MetricsOptions options = MetricsOptions.defaults().withTopK(2).withApConvention(convention);
            FullMetrics one = compute(data, classes, 1, options);
            FullMetrics four = compute(data, classes, 4, options);
            for (int c = 0; c < 4; c++) {
                double ap = switch (convention) {
                    case STEPWISE -> BruteForceMetrics.stepwiseAp(data, c);
                    case VOC11 -> BruteForceMetrics.interpolatedAp(data, c, 11);
                    case COCO101 -> BruteForceMetrics.interpolatedAp(data, c, 101);
                };
                for (FullMetrics m : List.of(one, four)) {
                    assertEquals(BruteForceMetrics.auc(data, c), m.curves().get(c).auc(), EXACT);
                    assertEquals(ap, m.curves().get(c).averagePrecision(), EXACT, convention + " class " + c);
                }
                assertEquals(one.curves().get(c).roc(), four.curves().get(c).roc());
                assertEquals(one.curves().get(c).auc(), four.curves().get(c).auc(), 0.0);
            }
            assertEquals(BruteForceMetrics.topK(data, 2), four.topKAccuracy(), EXACT);
            assertEquals(BruteForceMetrics.logLoss(data), four.logLoss(), EXACT);
            assertEquals(BruteForceMetrics.ece(data, 15), four.ece(), EXACT);
            assertEquals(one.averagePrecisionMacro(), four.averagePrecisionMacro(), 1e-12);
            assertEquals(one.logLoss(), four.logLoss(), 1e-12);
        }
    }

    @Test
    void sparkPathEqualsTheSingleStateComputation() {
        List<Prediction> data = MetricsFixtures.random(900, 5, 200, 4);
        List<String> classes = List.of("v", "w", "x", "y", "z");
        MetricsOptions options = MetricsOptions.defaults().withCurveMode(MetricsOptions.CurveMode.BINNED).withCurveBins(50);
        FullMetrics local = DistributedMetrics.fromState(stateOf(data, 5, options), classes, options, null);
        for (int partitions : new int[] {1, 4}) {
            FullMetrics distributed = compute(data, classes, partitions, options);
            assertEquals(local.classification(), distributed.classification());
            assertEquals(local.curves(), distributed.curves());
            assertEquals(local.topKAccuracy(), distributed.topKAccuracy(), 0.0);
            assertEquals(local.logLoss(), distributed.logLoss(), 1e-12);
            assertEquals(local.ece(), distributed.ece(), 1e-12);
            assertTrue(distributed.aucErrorBound() > 0);
        }
    }

    @Test
    void plottedPointsAreDownsampledButAucIsNot() {
        List<Prediction> data = MetricsFixtures.random(2000, 3, 100_000, 8);
        MetricsOptions options = new MetricsOptions(5, 15, MetricsOptions.CurveMode.EXACT, 10,
                MetricsOptions.ApConvention.STEPWISE, 50);
        FullMetrics m = compute(data, ABC, 3, options);
        for (int c = 0; c < 3; c++) {
            List<CurvePoint> roc = m.curves().get(c).roc();
            assertTrue(roc.size() <= 52 && roc.size() >= 40, "points " + roc.size());
            assertEquals(new CurvePoint(1, 1), roc.get(roc.size() - 1));
            for (int i = 1; i < roc.size(); i++) {
                assertTrue(roc.get(i).x() >= roc.get(i - 1).x() && roc.get(i).y() >= roc.get(i - 1).y());
            }
            assertEquals(BruteForceMetrics.auc(data, c), m.curves().get(c).auc(), EXACT);
        }
    }

    @Test
    void aClassWithoutPositivesReportsNullAndIsLeftOutOfTheMacroAverages() {
        List<Prediction> data = new ArrayList<>();
        for (Prediction p : sixWithTies()) {
            if (p.label() != 2) {
                data.add(p);
            }
        }
        FullMetrics m = compute(data, ABC, 2, MetricsOptions.defaults());
        assertTrue(Double.isNaN(m.curves().get(2).auc()));
        assertEquals((BruteForceMetrics.auc(data, 0) + BruteForceMetrics.auc(data, 1)) / 2, m.aucOvrMacro(), EXACT);
        assertEquals((BruteForceMetrics.stepwiseAp(data, 0) + BruteForceMetrics.stepwiseAp(data, 1)) / 2,
                m.averagePrecisionMacro(), EXACT);
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) ((Map<String, Object>) m.toJsonMap().get("per_class")).get("c");
        assertNull(c.get("auc"));
        assertNull(c.get("average_precision"));
    }

    @Test
    void jsonHasTheDocumentedKeysInOrder() {
        Map<String, Object> json = compute(sixWithTies(), ABC, 2, MetricsOptions.defaults()).toJsonMap();
        List<String> documented = List.of("accuracy", "balanced_accuracy", "macro_precision", "macro_recall",
                "macro_f1", "micro_f1", "weighted_f1", "kappa", "mcc", "top_k_accuracy", "log_loss", "ece",
                "auc_ovr_macro", "average_precision_macro", "confusion_matrix", "per_class");
        assertEquals(documented, new ArrayList<>(json.keySet()).subList(0, documented.size()));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> perClass = (Map<String, Map<String, Object>>) json.get("per_class");
        assertEquals(List.of("a", "b", "c"), new ArrayList<>(perClass.keySet()));
        assertEquals(List.of("precision", "recall", "f1", "support", "auc", "average_precision"),
                new ArrayList<>(perClass.get("a").keySet()));
        assertEquals(0.75, (Double) perClass.get("a").get("auc"), EXACT);
        assertEquals("exact", json.get("curve_mode"));
        assertEquals(3, json.get("top_k"));
        assertEquals(15, ((List<?>) json.get("ece_bins")).size());
    }
}
