package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class RocCurvesTest {

    /** tpr = fpr^a on 21 points; its area is 1 / (1 + a) up to the trapezoid error. */
    static double[][] powerCurve(double a) {
        double[] fpr = new double[21];
        double[] tpr = new double[21];
        for (int i = 0; i <= 20; i++) {
            fpr[i] = i / 20.0;
            tpr[i] = Math.pow(fpr[i], a);
        }
        return new double[][] {fpr, tpr};
    }

    private static XYChart chartOf(int k, double[] auc) {
        List<String> names = new ArrayList<>();
        List<double[]> fpr = new ArrayList<>();
        List<double[]> tpr = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            names.add("c" + c);
            double[][] curve = powerCurve(0.1 + c * 0.05);
            fpr.add(curve[0]);
            tpr.add(curve[1]);
        }
        return RocCurves.chart(names, fpr, tpr, auc);
    }

    @Test
    void rendersAPngOfTheStatedSizeWithLinesOnIt() throws Exception {
        double[][] a = powerCurve(0.2);
        double[][] b = powerCurve(0.6);
        byte[] png = RocCurves.png(List.of("cat", "dog"), List.of(a[0], b[0]), List.of(a[1], b[1]),
                new double[] {0.833, 0.625});
        var image = PngAssertions.assertChartPng(png, 980, 640);
        // the first two palette colours draw the two classes
        assertTrue(PngAssertions.countColour(image, 0x1F77B4) > 200, "first class line");
        assertTrue(PngAssertions.countColour(image, 0xFF7F0E) > 200, "second class line");
    }

    @Test
    void legendGivesEachClassItsAucAndTheChanceLineIsTheDiagonal() {
        double[][] a = powerCurve(0.2);
        XYChart chart = RocCurves.chart(List.of("cat & dog"), List.of(a[0]), List.of(a[1]), new double[] {0.98765});

        assertEquals(List.of("chance", "cat & dog (AUC 0.988)"), List.copyOf(chart.getSeriesMap().keySet()));
        assertArrayEquals(new double[] {0, 1}, chart.getSeriesMap().get("chance").getYData());
        assertEquals(0.0, chart.getStyler().getXAxisMin());
        assertEquals(1.0, chart.getStyler().getXAxisMax());
        assertEquals(0.0, chart.getStyler().getYAxisMin());
        assertEquals(1.0, chart.getStyler().getYAxisMax());
    }

    @Test
    void withManyClassesDrawsTheTenLowestAucWorstFirstPlusMacro() {
        int k = 14;
        double[] auc = {0.90, 0.50, 0.95, 0.60, 0.99, 0.70, 0.80, 0.85, 0.55, 0.65, 0.75, Double.NaN, 0.97, 0.91};
        XYChart chart = chartOf(k, auc);

        List<String> names = new ArrayList<>(chart.getSeriesMap().keySet());
        assertEquals(List.of("chance", "c1 (AUC 0.500)", "c8 (AUC 0.550)", "c3 (AUC 0.600)", "c9 (AUC 0.650)",
                "c5 (AUC 0.700)", "c10 (AUC 0.750)", "c6 (AUC 0.800)", "c7 (AUC 0.850)", "c0 (AUC 0.900)",
                "c13 (AUC 0.910)", "macro average (AUC 0.778)"), names);
        // mean of the 13 defined AUCs = 10.12 / 13 = 0.7785
        assertTrue(chart.getTitle().contains("10 lowest-AUC of 14 classes"), chart.getTitle());
        assertTrue(chart.getTitle().contains("1 class without positives not drawn"), chart.getTitle());
    }

    @Test
    void macroAverageReadsEachCurveAtEveryFalsePositiveRate() {
        // perfect, chance and a knee at (0.5, 1): grid {0, 0.5, 1}
        List<double[]> fpr = List.of(new double[] {0, 0, 1}, new double[] {0, 1}, new double[] {0, 0.5, 1});
        List<double[]> tpr = List.of(new double[] {0, 1, 1}, new double[] {0, 1}, new double[] {0, 1, 1});
        XYChart chart = RocCurves.chart(List.of("a", "b", "c"), fpr, tpr, new double[] {1.0, 0.5, 0.75});

        var macro = chart.getSeriesMap().get("macro average (AUC 0.750)");
        assertArrayEquals(new double[] {0, 0.5, 1}, macro.getXData(), 1e-12);
        // at 0: top of a's rise 1, b 0, c 0; at 0.5: 1, 0.5, 1; at 1: all 1
        assertArrayEquals(new double[] {1 / 3.0, 2.5 / 3, 1}, macro.getYData(), 1e-12);
    }

    @Test
    void tprOnGridInterpolatesAndHoldsTheEndsOutsideTheCurve() {
        double[] tpr = RocCurves.tprOnGrid(new double[] {0.2, 0.6}, new double[] {0.4, 0.8},
                new double[] {0, 0.2, 0.4, 0.6, 1});
        assertArrayEquals(new double[] {0.4, 0.4, 0.6, 0.8, 0.8}, tpr, 1e-12);
    }

    @Test
    void rejectsMisshapenInput() {
        double[][] a = powerCurve(0.2);
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class, () -> RocCurves.chart(
                List.of("x", "y"), List.of(a[0], a[0]), List.of(a[1], Arrays.copyOf(a[1], 5)), new double[] {0.8, 0.8}));
        assertTrue(lengths.getMessage().contains("fpr[1] and tpr[1] have 21 and 5 points"), lengths.getMessage());

        IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> RocCurves.chart(
                List.of("x", "y"), List.of(a[0], a[0]), List.of(a[1], a[1]), new double[] {0.8}));
        assertTrue(count.getMessage().startsWith("auc has 1 entries for 2 classNames"), count.getMessage());

        IllegalArgumentException order = assertThrows(IllegalArgumentException.class, () -> RocCurves.chart(
                List.of("x"), List.of(new double[] {0, 0.5, 0.4}), List.of(new double[] {0, 0.5, 1}), new double[] {0.5}));
        assertTrue(order.getMessage().contains("fpr[0][2] is 0.4 after 0.5"), order.getMessage());

        IllegalArgumentException range = assertThrows(IllegalArgumentException.class, () -> RocCurves.chart(
                List.of("x"), List.of(new double[] {0, 1}), List.of(new double[] {0, 1.2}), new double[] {0.5}));
        assertTrue(range.getMessage().contains("tpr[0][1] is 1.2"), range.getMessage());
    }
}
