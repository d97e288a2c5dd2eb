package dev.trainspark.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.stream.DoubleStream;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Test accuracy and balanced accuracy after each epoch. Where the two part, the classifier does
 * better on frequent classes than on rare ones. An epoch whose value is NaN (not evaluated)
 * leaves a gap in its line.
 */
public final class AccuracyCurve {

    static final String ACCURACY = "accuracy";
    static final String BALANCED = "balanced accuracy";

    private AccuracyCurve() {
    }

    /** PNG bytes of {@link #chart(int[], double[], double[])}, 900 x 480 pixels. */
    public static byte[] png(int[] epochs, double[] accuracy, double[] balancedAccuracy) {
        return PngEncoder.encode(chart(epochs, accuracy, balancedAccuracy));
    }

    /**
     * @param epochs           epoch numbers, strictly increasing
     * @param accuracy         accuracy after each epoch, in [0, 1] or NaN
     * @param balancedAccuracy balanced accuracy after each epoch, in [0, 1] or NaN
     * @throws IllegalArgumentException if the arrays are empty or differ in length, the epochs do
     *                                  not increase, or a value is outside [0, 1]
     */
    public static XYChart chart(int[] epochs, double[] accuracy, double[] balancedAccuracy) {
        validate(epochs, accuracy, balancedAccuracy);
        PngEncoder.ensureHeadless();
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(480)
                .title("Test accuracy per epoch")
                .xAxisTitle("Epoch")
                .yAxisTitle("Accuracy")
                .build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.InsideSE);
        styler.setXAxisDecimalPattern("#,##0");
        styler.setYAxisDecimalPattern("0.00");
        // Accuracy lives in [0, 1]; a range past 1 would suggest values that cannot occur, and a
        // single epoch or a flat line would otherwise give XChart an empty range.
        double[] range = range(accuracy, balancedAccuracy);
        styler.setYAxisMin(range[0]);
        styler.setYAxisMax(range[1]);
        if (epochs.length == 1) {
            styler.setXAxisMin(epochs[0] - 1.0);
            styler.setXAxisMax(epochs[0] + 1.0);
        }
        add(chart, ACCURACY, epochs, accuracy, new Color(0x1F77B4), SeriesMarkers.CIRCLE);
        add(chart, BALANCED, epochs, balancedAccuracy, new Color(0xFF7F0E), SeriesMarkers.DIAMOND);
        return chart;
    }

    /** A y range around the data, padded by a tenth of its span, clamped to [0, 1]. */
    static double[] range(double[] a, double[] b) {
        double[] finite = DoubleStream.concat(Arrays.stream(a), Arrays.stream(b))
                .filter(Double::isFinite).toArray();
        if (finite.length == 0) {
            return new double[] {0, 1};
        }
        double min = Arrays.stream(finite).min().getAsDouble();
        double max = Arrays.stream(finite).max().getAsDouble();
        double pad = Math.max(0.02, (max - min) * 0.1);
        return new double[] {Math.max(0, min - pad), Math.min(1, max + pad)};
    }

    private static void add(XYChart chart, String name, int[] epochs, double[] values, Color color,
                            Marker marker) {
        Double[] x = new Double[epochs.length];
        Double[] y = new Double[epochs.length];
        for (int i = 0; i < epochs.length; i++) {
            x[i] = (double) epochs[i];
            y[i] = Double.isFinite(values[i]) ? values[i] : null;  // XChart leaves a gap at a null y
        }
        XYSeries series = chart.addSeries(name, Arrays.asList(x), Arrays.asList(y));
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(epochs.length <= 200 ? marker : SeriesMarkers.NONE);
        series.setLineStyle(new BasicStroke(2f));
    }

    private static void validate(int[] epochs, double[] accuracy, double[] balancedAccuracy) {
        if (epochs == null || epochs.length == 0) {
            throw new IllegalArgumentException("epochs is empty; need at least one epoch");
        }
        int n = epochs.length;
        if (accuracy == null || accuracy.length != n || balancedAccuracy == null || balancedAccuracy.length != n) {
            throw new IllegalArgumentException("accuracy and balancedAccuracy have "
                    + (accuracy == null ? 0 : accuracy.length) + " and "
                    + (balancedAccuracy == null ? 0 : balancedAccuracy.length) + " values for " + n
                    + " epochs; need one per epoch");
        }
        for (int i = 0; i < n; i++) {
            if (i > 0 && epochs[i] <= epochs[i - 1]) {
                throw new IllegalArgumentException("epochs[" + i + "] is " + epochs[i] + " after " + epochs[i - 1]
                        + "; accepted strictly increasing epoch numbers");
            }
            requireRate("accuracy", i, accuracy[i]);
            requireRate("balancedAccuracy", i, balancedAccuracy[i]);
        }
    }

    private static void requireRate(String name, int i, double value) {
        if (!Double.isNaN(value) && !(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + "[" + i + "] is " + value + "; accepted a value in [0, 1] or NaN");
        }
    }
}
