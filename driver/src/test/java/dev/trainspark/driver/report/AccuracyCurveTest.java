package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class AccuracyCurveTest {

    private static final int[] EPOCHS = {1, 2, 3, 4};
    private static final double[] ACCURACY = {0.60, 0.75, Double.NaN, 0.90};
    private static final double[] BALANCED = {0.40, 0.55, 0.65, 0.70};

    @Test
    void rendersAPngOfTheStatedSize() throws Exception {
        PngAssertions.assertChartPng(AccuracyCurve.png(EPOCHS, ACCURACY, BALANCED), 900, 480);
    }

    @Test
    void rendersASingleEpoch() throws Exception {
        PngAssertions.assertChartPng(AccuracyCurve.png(new int[] {7}, new double[] {1.0}, new double[] {1.0}), 900, 480);
    }

    @Test
    void plotsBothSeriesPerEpochWithAGapWhereNotEvaluated() {
        XYChart chart = AccuracyCurve.chart(EPOCHS, ACCURACY, BALANCED);

        var accuracy = chart.getSeriesMap().get("accuracy");
        assertArrayEquals(new double[] {1, 2, 3, 4}, accuracy.getXData());
        assertEquals(0.75, accuracy.getYData()[1]);
        assertTrue(Double.isNaN(accuracy.getYData()[2]), "epoch 3 drawn as a gap");
        assertArrayEquals(new double[] {0.40, 0.55, 0.65, 0.70}, chart.getSeriesMap().get("balanced accuracy").getYData());
        // data span 0.40..0.90 padded by a tenth (0.05) each side
        assertEquals(0.35, chart.getStyler().getYAxisMin(), 1e-12);
        assertEquals(0.95, chart.getStyler().getYAxisMax(), 1e-12);
    }

    @Test
    void rangeIsClampedToTheUnitInterval() {
        assertArrayEquals(new double[] {0.88, 1.0}, AccuracyCurve.range(new double[] {0.9, 1.0}, new double[] {1.0}), 1e-12);
        assertArrayEquals(new double[] {0, 1}, AccuracyCurve.range(new double[] {Double.NaN}, new double[] {Double.NaN}));
    }

    @Test
    void rejectsEpochsOutOfOrderAndValuesOutOfRange() {
        IllegalArgumentException order = assertThrows(IllegalArgumentException.class,
                () -> AccuracyCurve.chart(new int[] {1, 1}, new double[] {0.5, 0.5}, new double[] {0.5, 0.5}));
        assertTrue(order.getMessage().contains("epochs[1] is 1 after 1"), order.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> AccuracyCurve.chart(new int[] {1}, new double[] {1.5}, new double[] {0.5}));
        assertTrue(range.getMessage().contains("accuracy[0] is 1.5"), range.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> AccuracyCurve.chart(new int[] {1, 2}, new double[] {0.5}, new double[] {0.5, 0.5}));
    }
}
