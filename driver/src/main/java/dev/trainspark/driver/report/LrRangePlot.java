package dev.trainspark.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A learning-rate range test: each iteration's loss (faint) and the smoothed loss (bold) against
 * the learning rate on a logarithmic axis, with the suggested rate marked by a vertical line. The
 * loss axis ends at twice the first smoothed loss (or the highest, when lower): the losses of a
 * diverging sweep climb out of it, and the stretch where the loss falls, the part that matters,
 * keeps the height of the chart.
 */
public final class LrRangePlot {
    private static final double CEILING_OVER_FIRST = 2;

    private LrRangePlot() {
    }

    /** PNG bytes of {@link #chart}. */
    public static byte[] png(double[] rates, double[] losses, double[] smoothed, double suggested, String suggestedLabel) {
        return PngEncoder.encode(chart(rates, losses, smoothed, suggested, suggestedLabel));
    }

    /**
     * @param rates           each iteration's learning rate (> 0)
     * @param losses          each iteration's minibatch loss
     * @param smoothed        each iteration's smoothed loss; at least one finite
     * @param suggested       the rate to mark
     * @param suggestedLabel  its legend entry
     */
    public static XYChart chart(double[] rates, double[] losses, double[] smoothed, double suggested, String suggestedLabel) {
        PngEncoder.ensureHeadless();
        if (rates.length != losses.length || rates.length != smoothed.length) {
            throw new IllegalArgumentException("need one loss and one smoothed loss per rate: " + rates.length + ", "
                    + losses.length + ", " + smoothed.length);
        }
        double highest = Double.NEGATIVE_INFINITY;
        for (double s : smoothed) {
            if (Double.isFinite(s)) {
                highest = Math.max(highest, s);
            }
        }
        if (!Double.isFinite(highest) || !Double.isFinite(smoothed[0])) {
            throw new IllegalArgumentException("cannot plot a learning-rate range test whose first smoothed loss is not a number");
        }
        double high = Math.min(highest, CEILING_OVER_FIRST * smoothed[0]);
        double low = high;
        for (int i = 0; i < rates.length; i++) {
            low = Math.min(low, Double.isFinite(smoothed[i]) ? smoothed[i] : low);
            low = Math.min(low, Double.isFinite(losses[i]) ? losses[i] : low);
        }
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(480)
                .title("Learning-rate range test")
                .xAxisTitle("Learning rate (log scale)")
                .yAxisTitle("Training loss")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("0.#E0");
        double margin = Math.max(0.05 * (high - low), 1e-3);
        chart.getStyler().setYAxisMin(Math.max(0, low - margin));
        chart.getStyler().setYAxisMax(high + margin);

        XYSeries raw = chart.addSeries("loss per iteration", toList(rates), finiteOrGap(losses, high + margin));
        raw.setLineColor(new Color(0xC6DBEF));
        raw.setMarker(SeriesMarkers.NONE);

        XYSeries smooth = chart.addSeries("smoothed loss", toList(rates), finiteOrGap(smoothed, Double.POSITIVE_INFINITY));
        smooth.setLineColor(new Color(0x08519C));
        smooth.setLineStyle(new BasicStroke(2.5f));
        smooth.setMarker(SeriesMarkers.NONE);

        XYSeries mark = chart.addSeries(suggestedLabel, List.of(suggested, suggested), List.of(low - margin, high + margin));
        mark.setLineColor(new Color(0xE6550D));
        mark.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
        mark.setMarker(SeriesMarkers.NONE);
        return chart;
    }

    private static List<Double> toList(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    /** A value off the axis or not a number is a gap in the line (XChart leaves one at a null y). */
    private static List<Double> finiteOrGap(double[] values, double ceiling) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(Double.isFinite(v) && v <= ceiling ? v : null);
        }
        return list;
    }
}
