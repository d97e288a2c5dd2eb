package dev.trainspark.pipeline.metrics;

import dev.trainspark.pipeline.BadDataException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static dev.trainspark.pipeline.metrics.MetricsFixtures.ABC;
import static dev.trainspark.pipeline.metrics.MetricsFixtures.sixWithTies;
import static dev.trainspark.pipeline.metrics.MetricsFixtures.stateOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsStateTest {
    private static final double EXACT = 1e-9;

    private static MetricsOptions binned(int bins) {
        return MetricsOptions.defaults().withCurveMode(MetricsOptions.CurveMode.BINNED).withCurveBins(bins);
    }

    @Test
    void topKFollowsTheRankWithTiesGoingToTheHigherClassId() {
        // e2 ties classes 0 and 1 at 0.4: class 1 (higher id) ranks first, so true class 0 misses at
        // k=1; e6 ties classes 1 and 2 at 0.2: true class 2 ranks first of the two, behind 0.6 only.
        assertEquals(3.0 / 6, stateOf(sixWithTies(), 3, MetricsOptions.defaults().withTopK(1)).topKHits() / 6.0, EXACT);
        assertEquals(1.0, stateOf(sixWithTies(), 3, MetricsOptions.defaults().withTopK(2)).topKHits() / 6.0, EXACT);
        MetricsState capped = stateOf(sixWithTies(), 3, MetricsOptions.defaults());
        assertEquals(3, capped.topK());
        assertEquals(6, capped.topKHits());
    }

    @Test
    void topKMatchesSortingTheClassesOnRandomData() {
        List<Prediction> data = MetricsFixtures.random(400, 6, 5, 11);
        for (int k = 1; k <= 6; k++) {
            MetricsState state = stateOf(data, 6, MetricsOptions.defaults().withTopK(k));
            assertEquals(BruteForceMetrics.topK(data, k), (double) state.topKHits() / data.size(), EXACT, "k=" + k);
        }
    }

    @Test
    void logLossIsTheMeanNegativeLogOfTheTrueClassClippedAtFloat64Epsilon() {
        MetricsState state = stateOf(sixWithTies(), 3, MetricsOptions.defaults());
        // The float32 rows sum to 1 only within rounding; each is rescaled by its (double) sum.
        double expected = -(Math.log(0.6f / (0.6f + (double) 0.3f + 0.1f))
                + Math.log(0.4f / (0.4f + (double) 0.4f + 0.2f))
                + Math.log(0.5f / (0.4f + (double) 0.5f + 0.1f))
                + Math.log(0.3f / (0.2f + (double) 0.3f + 0.5f))
                + Math.log(0.7f / (0.1f + (double) 0.2f + 0.7f))
                + Math.log(0.2f / (0.6f + (double) 0.2f + 0.2f))) / 6;
        assertEquals(expected, state.logLossSum() / 6, EXACT);

        MetricsState clipped = new MetricsState(2, MetricsOptions.defaults());
        clipped.add(new Prediction("zero", "", 0, 1, new float[] {0f, 1f}));
        clipped.add(new Prediction("one", "", 1, 1, new float[] {0f, 1f}));
        // -ln(2^-52) = 52 ln 2 for the zero; -ln(1 - 2^-52) ~ 2^-52 for the one.
        assertEquals((52 * Math.log(2) + Math.pow(2, -52)) / 2, clipped.logLossSum() / 2, 1e-12);
    }

    @Test
    void logLossRescalesEachClippedRowToSumToOneAsScikitLearnDoes() {
        MetricsState state = new MetricsState(3, MetricsOptions.defaults());
        state.add(new Prediction("low", "", 0, 0, new float[] {0.5f, 0.25f, 0.125f}));
        state.add(new Prediction("high", "", 2, 1, new float[] {0.25f, 0.75f, 0.5f}));
        state.add(new Prediction("zero", "", 1, 0, new float[] {1f, 0f, 0f}));
        // Worked by hand, the scikit-learn way: clip to [eps, 1 - eps] (eps = 2^-52), divide each
        // row by its sum, average -ln of the true class. Row "low": 0.5 / 0.875 = 4/7; row "high":
        // 0.5 / 1.5 = 1/3; row "zero": clipped to (1 - eps, eps, eps), which sums to 1 + eps.
        double eps = Math.pow(2, -52);
        double zero = eps / (1 + eps);
        double expected = -(Math.log(4.0 / 7) + Math.log(1.0 / 3) + Math.log(zero)) / 3;
        assertEquals(expected, state.logLossSum() / 3, 1e-15);
        // Without the rescaling it would be -(ln 0.5 + ln 0.5 + ln eps) / 3, about 0.09 lower.
        assertTrue(expected - -(Math.log(0.5) + Math.log(0.5) + Math.log(eps)) / 3 > 0.09);
    }

    @Test
    void calibrationBinsAreOpenBelowAndClosedAbove() {
        assertEquals(0, MetricsState.calibrationBin(0.0, 15));
        assertEquals(0, MetricsState.calibrationBin(1.0 / 15, 15));
        assertEquals(1, MetricsState.calibrationBin(Math.nextUp(1.0 / 15), 15));
        assertEquals(5, MetricsState.calibrationBin(6.0 / 15, 15));
        assertEquals(14, MetricsState.calibrationBin(1.0, 15));
        assertEquals(7, MetricsState.calibrationBin(0.5, 15));
    }

    @Test
    void eceOfTheHandFixture() {
        // Confidence = probability of the predicted class. Bins of width 1/15: 0.4f (just above 6/15)
        // holds e2 (wrong); 0.5 holds e3 (right) and e4 (wrong): accuracy 1/2 = confidence;
        // 0.6f holds e1 (right) and e6 (wrong): 1/2 vs 0.6; 0.7f holds e5 (right).
        MetricsState state = stateOf(sixWithTies(), 3, MetricsOptions.defaults());
        FullMetrics m = FullMetrics.of(state, ABC, noCurves(3), MetricsOptions.defaults());
        double expected = (1.0 / 6) * 0.4f + (2.0 / 6) * Math.abs(0.5 - 0.6f) + (1.0 / 6) * (1 - 0.7f);
        assertEquals(expected, m.ece(), EXACT);
        assertEquals(BruteForceMetrics.ece(sixWithTies(), 15), m.ece(), EXACT);
        assertEquals(2, m.reliability().get(7).count());
        assertEquals(0.5, m.reliability().get(7).accuracy(), EXACT);
        assertEquals(0.5, m.reliability().get(7).meanConfidence(), EXACT);
        assertEquals(15, m.reliability().size());
        assertTrue(Double.isNaN(m.reliability().get(0).accuracy()));
    }

    @Test
    void eceMatchesThePerExampleDefinitionOnRandomData() {
        List<Prediction> data = MetricsFixtures.random(500, 4, 40, 5);
        MetricsState state = stateOf(data, 4, MetricsOptions.defaults());
        FullMetrics m = FullMetrics.of(state, List.of("w", "x", "y", "z"), noCurves(4), MetricsOptions.defaults());
        assertEquals(BruteForceMetrics.ece(data, 15), m.ece(), EXACT);
        assertEquals(BruteForceMetrics.logLoss(data), m.logLoss(), EXACT);
    }

    @Test
    void mergingPartitionStatesInAnyOrderGivesTheWholeState() {
        List<Prediction> data = MetricsFixtures.random(3000, 5, 50, 21);
        MetricsOptions options = binned(64);
        MetricsState whole = stateOf(data, 5, options);
        List<MetricsState> parts = new ArrayList<>();
        for (int from = 0; from < data.size(); from += 137) {
            parts.add(stateOf(data.subList(from, Math.min(data.size(), from + 137)), 5, options));
        }
        Random random = new Random(3);
        for (int trial = 0; trial < 5; trial++) {
            List<MetricsState> shuffled = new ArrayList<>(reparts(parts, 5, options, data));
            Collections.shuffle(shuffled, random);
            MetricsState sequential = new MetricsState(5, options);
            shuffled.forEach(sequential::merge);
            assertTrue(whole.equalsWithin(sequential, 1e-12), "shuffled merge " + trial);
            assertTrue(whole.equalsWithin(tree(reparts(parts, 5, options, data)), 1e-12), "tree merge");
        }
        assertEquals(whole.histograms(), tree(reparts(parts, 5, options, data)).histograms());
    }

    /** Fresh copies (merge mutates its left side). */
    private static List<MetricsState> reparts(List<MetricsState> parts, int k, MetricsOptions o, List<Prediction> data) {
        List<MetricsState> copies = new ArrayList<>();
        for (int from = 0; from < data.size(); from += 137) {
            copies.add(stateOf(data.subList(from, Math.min(data.size(), from + 137)), k, o));
        }
        assertEquals(parts.size(), copies.size());
        return copies;
    }

    private static MetricsState tree(List<MetricsState> states) {
        List<MetricsState> level = states;
        while (level.size() > 1) {
            List<MetricsState> next = new ArrayList<>();
            for (int i = 0; i < level.size(); i += 2) {
                next.add(i + 1 < level.size() ? level.get(i).merge(level.get(i + 1)) : level.get(i));
            }
            level = next;
        }
        return level.get(0);
    }

    @Test
    void binnedCurvesStayWithinTheirBoundOfTheExactValues() {
        for (long seed = 1; seed <= 3; seed++) {
            List<Prediction> data = MetricsFixtures.random(600, 4, 1000, seed);
            for (MetricsOptions.ApConvention convention : MetricsOptions.ApConvention.values()) {
                MetricsOptions options = binned(16).withApConvention(convention);
                MetricsState state = stateOf(data, 4, options);
                FullMetrics m = DistributedMetrics.fromState(state, List.of("w", "x", "y", "z"), options, null);
                double boundSum = 0;
                for (int c = 0; c < 4; c++) {
                    ClassCurve curve = m.curves().get(c);
                    double exactAuc = BruteForceMetrics.auc(data, c);
                    double exactAp = switch (convention) {
                        case STEPWISE -> BruteForceMetrics.stepwiseAp(data, c);
                        case VOC11 -> BruteForceMetrics.interpolatedAp(data, c, 11);
                        case COCO101 -> BruteForceMetrics.interpolatedAp(data, c, 101);
                    };
                    assertTrue(Math.abs(curve.auc() - exactAuc) <= curve.aucErrorBound() + 1e-12,
                            "AUC " + curve.auc() + " vs " + exactAuc + " bound " + curve.aucErrorBound());
                    assertTrue(Math.abs(curve.averagePrecision() - exactAp) <= curve.averagePrecisionErrorBound() + 1e-12,
                            convention + " AP " + curve.averagePrecision() + " vs " + exactAp + " bound "
                                    + curve.averagePrecisionErrorBound());
                    assertTrue(curve.aucErrorBound() > 0 && curve.aucErrorBound() < 0.1, "bound " + curve.aucErrorBound());
                    boundSum += curve.aucErrorBound();
                }
                assertEquals(boundSum / 4, m.aucErrorBound(), EXACT);
            }
        }
    }

    @Test
    void binnedAucIsExactWhenEveryBinHoldsOneScore() {
        // Scores are multiples of 1/8 and the bins are 1/8 wide: a bin is exactly a tie group, and
        // the bound then counts only truly tied pairs, where the 1/2 credit is the exact one.
        List<Prediction> data = MetricsFixtures.random(300, 3, 8, 9);
        MetricsOptions options = binned(8);
        FullMetrics m = DistributedMetrics.fromState(stateOf(data, 3, options), ABC, options, null);
        for (int c = 0; c < 3; c++) {
            assertEquals(BruteForceMetrics.auc(data, c), m.curves().get(c).auc(), EXACT);
            assertEquals(BruteForceMetrics.stepwiseAp(data, c), m.curves().get(c).averagePrecision(), EXACT);
        }
    }

    @Test
    void predictionsThatDoNotFitTheClassesAreBadData() {
        MetricsState state = new MetricsState(3, MetricsOptions.defaults());
        BadDataException e = assertThrows(BadDataException.class,
                () -> state.add(new Prediction("x7", "", 0, 0, new float[] {0.5f, 0.5f})));
        assertTrue(e.getMessage().contains("x7") && e.getMessage().contains("expected one per class (3)"), e.getMessage());
        assertThrows(BadDataException.class, () -> state.add(new Prediction("x8", "", 3, 0, new float[] {1, 0, 0})));
    }

    @Test
    void optionsNameTheKeyAndWhatIsAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MetricsOptions.defaults().withTopK(0));
        assertTrue(e.getMessage().startsWith("metrics.top_k is 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricsOptions.defaults().withCurveBins(1));
        assertTrue(e.getMessage().contains("metrics.curve_bins is 1; accepted: an integer from 2 to"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> MetricsOptions.parseCurveMode("fast"));
        assertTrue(e.getMessage().contains("metrics.curve_mode is 'fast'"), e.getMessage());
        assertEquals(MetricsOptions.CurveMode.BINNED, MetricsOptions.parseCurveMode("Binned"));
        assertEquals(MetricsOptions.ApConvention.COCO101, MetricsOptions.parseApConvention("coco101"));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsOptions(5, 0, MetricsOptions.CurveMode.EXACT, 10, MetricsOptions.ApConvention.STEPWISE, 1000));
        assertThrows(IllegalArgumentException.class,
                () -> new MetricsOptions(5, 15, null, 10, MetricsOptions.ApConvention.STEPWISE, 1000));
    }

    private static List<ClassCurve> noCurves(int k) {
        List<ClassCurve> curves = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            curves.add(new ClassCurve(Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), List.of()));
        }
        return curves;
    }
}
