package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class ReliabilityDiagramTest {

    // Five bins of width 0.2; the first is empty, the second underconfident, the rest overconfident.
    private static final double[] LOWER = {0.0, 0.2, 0.4, 0.6, 0.8};
    private static final double[] UPPER = {0.2, 0.4, 0.6, 0.8, 1.0};
    private static final double[] CONFIDENCE = {Double.NaN, 0.3, 0.5, 0.7, 0.9};
    private static final double[] ACCURACY = {Double.NaN, 0.4, 0.45, 0.6, 0.85};
    private static final long[] COUNT = {0, 10, 40, 120, 830};

    @Test
    void rendersDiagramAboveHistogramInOnePng() throws Exception {
        byte[] png = ReliabilityDiagram.png(LOWER, UPPER, CONFIDENCE, ACCURACY, COUNT, 0.0595);
        var image = PngAssertions.assertChartPng(png, 760, 560 + 220);
        // bar fill in the diagram, histogram grey in the strip below it
        assertTrue(PngAssertions.countColour(image.getSubimage(0, 0, 760, 560), 0x4C72B0) > 5000);
        assertTrue(PngAssertions.countColour(image.getSubimage(0, 560, 760, 220), 0x8C8C8C) > 2000);
    }

    @Test
    void drawsABarAndAGapBandPerNonEmptyBin() {
        List<XYChart> charts = ReliabilityDiagram.charts(LOWER, UPPER, CONFIDENCE, ACCURACY, COUNT, 0.0595);
        XYChart diagram = charts.get(0);
        assertEquals("Reliability diagram: ECE 0.0595", diagram.getTitle());

        var bars = diagram.getSeriesMap();
        assertFalse(bars.containsKey("accuracy 0"), "empty bin drawn");
        // the first drawn bar carries the legend name; bin 1 spans [0.2, 0.4] up to accuracy 0.4
        assertArrayEquals(new double[] {0.2, 0.2, 0.4, 0.4, 0.2}, bars.get("accuracy").getXData());
        assertArrayEquals(new double[] {0, 0.4, 0.4, 0, 0}, bars.get("accuracy").getYData());
        assertTrue(bars.get("accuracy").isShowInLegend());
        assertFalse(bars.get("accuracy 2").isShowInLegend());
        // underconfident bin 1: band from confidence 0.3 up to accuracy 0.4
        assertArrayEquals(new double[] {0.3, 0.4, 0.4, 0.3, 0.3}, bars.get("gap to mean confidence").getYData());
        // overconfident bin 3: band from accuracy 0.6 up to confidence 0.7
        assertArrayEquals(new double[] {0.6, 0.7, 0.7, 0.6, 0.6}, bars.get("gap to mean confidence 3").getYData());

        XYChart histogram = charts.get(1);
        assertEquals(4, histogram.getSeriesMap().size());
        assertArrayEquals(new double[] {0, 830, 830, 0, 0}, histogram.getSeriesMap().get("count 4").getYData());
    }

    @Test
    void undefinedEceAndAllEmptyBinsStillRender() throws Exception {
        byte[] png = ReliabilityDiagram.png(new double[] {0, 0.5}, new double[] {0.5, 1},
                new double[] {Double.NaN, Double.NaN}, new double[] {Double.NaN, Double.NaN}, new long[] {0, 0},
                Double.NaN);
        PngAssertions.assertChartPng(png, 760, 780);
    }

    @Test
    void rejectsBadBins() {
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class, () -> ReliabilityDiagram.png(
                LOWER, UPPER, CONFIDENCE, ACCURACY, new long[] {1, 2}, 0.1));
        assertTrue(length.getMessage().startsWith("count has 2 entries for 5 bins"), length.getMessage());

        IllegalArgumentException edges = assertThrows(IllegalArgumentException.class, () -> ReliabilityDiagram.png(
                new double[] {0.5}, new double[] {0.5}, new double[] {0.5}, new double[] {0.5}, new long[] {1}, 0.1));
        assertTrue(edges.getMessage().contains("bin 0 is [0.5, 0.5]"), edges.getMessage());

        IllegalArgumentException acc = assertThrows(IllegalArgumentException.class, () -> ReliabilityDiagram.png(
                new double[] {0}, new double[] {1}, new double[] {0.5}, new double[] {Double.NaN}, new long[] {3}, 0.1));
        assertTrue(acc.getMessage().contains("accuracy[0] is NaN"), acc.getMessage());
    }
}
