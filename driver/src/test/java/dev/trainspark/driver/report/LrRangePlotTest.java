package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class LrRangePlotTest {
    private static final double[] RATES = {1e-5, 1e-4, 1e-3, 1e-2, 1e-1};
    private static final double[] LOSSES = {2.3, 2.2, 1.5, 3.0, Double.NaN};
    private static final double[] SMOOTHED = {2.3, 2.25, 2.0, 2.4, 9.5};

    @Test
    void rendersAChartPng() throws Exception {
        PngAssertions.assertChartPng(LrRangePlot.png(RATES, LOSSES, SMOOTHED, 1e-3, "suggested 0.001"), 900, 480);
    }

    @Test
    void drawsTheLossesOnALogRateAxisAndMarksTheSuggestion() {
        XYChart chart = LrRangePlot.chart(RATES, LOSSES, SMOOTHED, 1e-3, "suggested 0.001");
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        var smoothed = chart.getSeriesMap().get("smoothed loss");
        assertEquals(1e-1, smoothed.getXData()[4]);
        assertEquals(2.0, smoothed.getYData()[2]);
        assertTrue(Double.isNaN(chart.getSeriesMap().get("loss per iteration").getYData()[4]), "NaN is a gap");
        var mark = chart.getSeriesMap().get("suggested 0.001");
        assertEquals(1e-3, mark.getXData()[0]);
        assertEquals(1e-3, mark.getXData()[1]);
        // The axis stops at twice the first smoothed loss, so the divergence does not flatten the rest.
        double top = chart.getStyler().getYAxisMax();
        assertTrue(top >= 2 * 2.3 && top < 2 * 2.3 * 1.1, "top of the loss axis " + top);
        assertTrue(chart.getStyler().getYAxisMin() <= 1.5);
    }

    @Test
    void refusesACurveWithoutAFirstSmoothedLoss() {
        assertThrows(IllegalArgumentException.class, () -> LrRangePlot.chart(RATES, LOSSES,
                new double[] {Double.NaN, 1, 1, 1, 1}, 1e-3, "s"));
    }
}
