package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class PrecisionRecallCurvesTest {

    // Threshold-sweep order: recall falls to 0 where precision is 1.
    private static final double[] RECALL = {1.0, 0.75, 0.5, 0.25, 0.0};
    private static final double[] PRECISION = {0.4, 0.6, 0.5, 1.0, 1.0};

    /** AP = sum over n of (R_n - R_{n-1}) P_n, with points in increasing recall order. */
    private static double averagePrecision(double[] recall, double[] precision) {
        double ap = 0;
        for (int n = recall.length - 1; n > 0; n--) {
            ap += (recall[n - 1] - recall[n]) * precision[n - 1];
        }
        return ap;
    }

    @Test
    void rendersAPngOfTheStatedSize() throws Exception {
        byte[] png = PrecisionRecallCurves.png(List.of("a", "b"), List.of(RECALL, RECALL),
                List.of(PRECISION, new double[] {0.3, 0.3, 0.6, 0.9, 1.0}), new double[] {0.65, 0.7});
        PngAssertions.assertChartPng(png, 980, 640);
    }

    @Test
    void theAreaUnderTheDrawnStepsIsTheAveragePrecision() {
        double[][] steps = PrecisionRecallCurves.steps(RECALL, PRECISION);
        double area = 0;
        for (int i = 1; i < steps[0].length; i++) {
            // trapezoids; on a step line every piece is either vertical or flat
            area += (steps[0][i] - steps[0][i - 1]) * (steps[1][i] + steps[1][i - 1]) / 2;
        }
        // 0.25 * (1.0 + 0.5 + 0.6 + 0.4)
        assertEquals(0.625, averagePrecision(RECALL, PRECISION), 1e-12);
        assertEquals(0.625, area, 1e-12);
        assertArrayEquals(new double[] {0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1.0}, steps[0], 1e-12);
        assertArrayEquals(new double[] {1, 1, 1, 0.5, 0.5, 0.6, 0.6, 0.4, 0.4}, steps[1], 1e-12);
    }

    @Test
    void increasingRecallGivesTheSameSteps() {
        double[] recall = {0.0, 0.25, 0.5, 0.75, 1.0};
        double[] precision = {1.0, 1.0, 0.5, 0.6, 0.4};
        double[][] fromIncreasing = PrecisionRecallCurves.steps(recall, precision);
        double[][] fromDecreasing = PrecisionRecallCurves.steps(RECALL, PRECISION);
        assertArrayEquals(fromDecreasing[0], fromIncreasing[0]);
        assertArrayEquals(fromDecreasing[1], fromIncreasing[1]);
    }

    @Test
    void legendHasEachApAndTitleTheirMean() {
        XYChart chart = PrecisionRecallCurves.chart(List.of("<b>", "ok"), List.of(RECALL, RECALL),
                List.of(PRECISION, PRECISION), new double[] {0.625, Double.NaN});

        assertEquals(List.of("<b> (AP 0.625)"), List.copyOf(chart.getSeriesMap().keySet()));
        assertTrue(chart.getTitle().contains("mean AP 0.625"), chart.getTitle());
        assertTrue(chart.getTitle().contains("1 class without positives not drawn"), chart.getTitle());
    }

    @Test
    void rejectsAPrecisionOutsideTheUnitInterval() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PrecisionRecallCurves.chart(
                List.of("a"), List.of(RECALL), List.of(new double[] {0.4, 0.6, -0.1, 1, 1}), new double[] {0.5}));
        assertTrue(e.getMessage().contains("precision[0][2] is -0.1"), e.getMessage());
    }
}
