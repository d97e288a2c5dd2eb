package dev.trainspark.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Calibration at a glance, two charts in one PNG. On top, a bar per confidence bin whose height
 * is the accuracy in the bin, against the diagonal a perfectly calibrated model would follow; a
 * red band over each bar spans from its accuracy to the bin's mean confidence, so overconfident
 * bins show red above the bar and underconfident ones red inside it. Below, on the same
 * confidence axis, how many examples fall in each bin, which says how much each bar's height
 * can be trusted. The title gives the expected calibration error as passed in.
 *
 * <p>Empty bins (count 0) draw nothing; their accuracy and confidence may be NaN.
 */
public final class ReliabilityDiagram {

    static final int WIDTH = 760;
    static final int DIAGRAM_HEIGHT = 560;
    static final int HISTOGRAM_HEIGHT = 220;
    static final String ACCURACY = "accuracy";
    static final String GAP = "gap to mean confidence";

    private static final Color BAR = new Color(0x4C72B0);
    private static final Color BAR_EDGE = new Color(0x2A4D7F);
    private static final Color GAP_FILL = new Color(214, 39, 40, 110);
    private static final Color GAP_EDGE = new Color(0xB0, 0x1C, 0x1C);

    private ReliabilityDiagram() {
    }

    /**
     * PNG of {@link #charts}, the diagram above the histogram: {@value #WIDTH} pixels wide,
     * {@value #DIAGRAM_HEIGHT} + {@value #HISTOGRAM_HEIGHT} high.
     */
    public static byte[] png(double[] binLower, double[] binUpper, double[] meanConfidence, double[] accuracy,
                             long[] count, double ece) {
        return PngEncoder.encodeColumn(charts(binLower, binUpper, meanConfidence, accuracy, count, ece));
    }

    /**
     * @param binLower       each bin's lower confidence edge
     * @param binUpper       each bin's upper confidence edge, above its lower edge
     * @param meanConfidence mean predicted confidence of the bin's examples
     * @param accuracy       fraction of the bin's examples predicted correctly
     * @param count          examples in the bin
     * @param ece            expected calibration error; NaN when undefined
     * @return the diagram and the count histogram, in that order
     * @throws IllegalArgumentException if the arrays differ in length or are empty, an edge is
     *                                  outside [0, 1] or a bin is empty-width, a count is
     *                                  negative, or a non-empty bin's accuracy or confidence is
     *                                  outside [0, 1]
     */
    public static List<XYChart> charts(double[] binLower, double[] binUpper, double[] meanConfidence,
                                       double[] accuracy, long[] count, double ece) {
        validate(binLower, binUpper, meanConfidence, accuracy, count, ece);
        PngEncoder.ensureHeadless();
        return List.of(diagram(binLower, binUpper, meanConfidence, accuracy, count, ece),
                histogram(binLower, binUpper, count));
    }

    private static XYChart diagram(double[] lower, double[] upper, double[] confidence, double[] accuracy,
                                   long[] count, double ece) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(DIAGRAM_HEIGHT)
                .title("Reliability diagram: ECE " + HtmlReport.number(ece))
                .xAxisTitle("Confidence")
                .yAxisTitle("Accuracy")
                .build();
        unitAxes(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);

        XYSeries diagonal = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diagonal.setMarker(SeriesMarkers.NONE);
        diagonal.setLineColor(Color.DARK_GRAY);
        diagonal.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));

        boolean first = true;
        for (int b = 0; b < lower.length; b++) {
            if (count[b] == 0) {
                continue;
            }
            rectangle(chart, first ? ACCURACY : ACCURACY + " " + b, lower[b], upper[b], 0, accuracy[b],
                    BAR, BAR_EDGE, first);
            first = false;
        }
        first = true;
        for (int b = 0; b < lower.length; b++) {
            if (count[b] == 0) {
                continue;
            }
            double from = Math.min(accuracy[b], confidence[b]);
            double to = Math.max(accuracy[b], confidence[b]);
            rectangle(chart, first ? GAP : GAP + " " + b, lower[b], upper[b], from, to, GAP_FILL, GAP_EDGE, first);
            first = false;
        }
        return chart;
    }

    private static XYChart histogram(double[] lower, double[] upper, long[] count) {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HISTOGRAM_HEIGHT)
                .title("Examples per confidence bin")
                .xAxisTitle("Confidence")
                .yAxisTitle("Count")
                .build();
        XYStyler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendVisible(false);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(1.0);
        styler.setXAxisDecimalPattern("0.0");
        styler.setYAxisMin(0.0);
        styler.setYAxisDecimalPattern("#,##0");
        long max = 0;
        for (long c : count) {
            max = Math.max(max, c);
        }
        // A fixed top keeps an all-empty histogram from having a zero-height axis.
        styler.setYAxisMax(Math.max(1.0, max * 1.05));
        for (int b = 0; b < lower.length; b++) {
            if (count[b] > 0) {
                rectangle(chart, "count " + b, lower[b], upper[b], 0, count[b], new Color(0x8C8C8C),
                        new Color(0x555555), false);
            }
        }
        return chart;
    }

    private static void unitAxes(XYStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(1.0);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setXAxisDecimalPattern("0.0");
        styler.setYAxisDecimalPattern("0.0");
    }

    /** A filled, outlined rectangle as a closed polygon series. */
    private static void rectangle(XYChart chart, String name, double x0, double x1, double y0, double y1,
                                  Color fill, Color edge, boolean inLegend) {
        XYSeries series = chart.addSeries(name, new double[] {x0, x0, x1, x1, x0}, new double[] {y0, y1, y1, y0, y0});
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
        series.setMarker(SeriesMarkers.NONE);
        series.setFillColor(fill);
        series.setLineColor(edge);
        series.setLineStyle(new BasicStroke(1f));
        series.setShowInLegend(inLegend);
    }

    private static void validate(double[] lower, double[] upper, double[] confidence, double[] accuracy,
                                 long[] count, double ece) {
        if (lower == null || lower.length == 0) {
            throw new IllegalArgumentException("binLower has no bins; need at least one");
        }
        int n = lower.length;
        requireLength("binUpper", upper == null ? -1 : upper.length, n);
        requireLength("meanConfidence", confidence == null ? -1 : confidence.length, n);
        requireLength("accuracy", accuracy == null ? -1 : accuracy.length, n);
        requireLength("count", count == null ? -1 : count.length, n);
        for (int b = 0; b < n; b++) {
            if (!(lower[b] >= 0 && lower[b] < upper[b] && upper[b] <= 1)) {
                throw new IllegalArgumentException("bin " + b + " is [" + lower[b] + ", " + upper[b]
                        + "]; accepted 0 <= binLower < binUpper <= 1");
            }
            if (count[b] < 0) {
                throw new IllegalArgumentException("count[" + b + "] is " + count[b] + "; accepted >= 0");
            }
            if (count[b] > 0) {
                requireUnit("meanConfidence", b, confidence[b]);
                requireUnit("accuracy", b, accuracy[b]);
            }
        }
        if (!Double.isNaN(ece) && !(ece >= 0 && ece <= 1)) {
            throw new IllegalArgumentException("ece is " + ece + "; accepted a value in [0, 1] or NaN for undefined");
        }
    }

    private static void requireLength(String name, int length, int bins) {
        if (length != bins) {
            throw new IllegalArgumentException(name + " has " + (length < 0 ? "no" : String.valueOf(length))
                    + " entries for " + bins + " bins in binLower; need one per bin");
        }
    }

    private static void requireUnit(String name, int bin, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + "[" + bin + "] is " + value
                    + "; accepted a value in [0, 1] for a bin with examples");
        }
    }
}
