package dev.trainspark.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Training loss per round against a global round index (1, 2, ... across all epochs), with each
 * epoch's mean loss drawn as a step over that epoch's rounds, so epoch boundaries show as the
 * steps' jumps.
 */
public final class LossCurve {

    private static final Comparator<RoundEvent> LOG_ORDER =
            Comparator.comparingInt(RoundEvent::epoch).thenComparingInt(RoundEvent::round);

    private LossCurve() {
    }

    /** PNG bytes of {@link #chart(List)}. */
    public static byte[] png(List<RoundEvent> events) {
        return PngEncoder.encode(chart(events));
    }

    /**
     * @param events the run's rounds, in any order; sorted by (epoch, round) before plotting
     * @throws IllegalArgumentException if there are no events or no round has a finite loss
     */
    public static XYChart chart(List<RoundEvent> events) {
        PngEncoder.ensureHeadless();
        List<RoundEvent> ordered = new ArrayList<>(events);
        ordered.sort(LOG_ORDER);
        if (ordered.stream().noneMatch(e -> Double.isFinite(e.loss()))) {
            throw new IllegalArgumentException("cannot plot a loss curve from " + events.size()
                    + " round events without a finite loss; need at least one");
        }

        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(480)
                .title("Training loss")
                .xAxisTitle("Round (all epochs)")
                .yAxisTitle("Loss")
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setXAxisDecimalPattern("#,##0");

        addPerRound(chart, ordered);
        addEpochMeans(chart, ordered);
        return chart;
    }

    private static void addPerRound(XYChart chart, List<RoundEvent> ordered) {
        List<Integer> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            double loss = ordered.get(i).loss();
            // A diverged round has no loss to draw; XChart leaves a gap at a null y.
            x.add(i + 1);
            y.add(Double.isFinite(loss) ? loss : null);
        }
        XYSeries series = chart.addSeries("loss per round", x, y);
        series.setLineColor(new Color(0x9ECAE1));
        series.setMarkerColor(new Color(0x3182BD));
        series.setMarker(ordered.size() <= 200 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }

    private static void addEpochMeans(XYChart chart, List<RoundEvent> ordered) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        int start = 0;
        while (start < ordered.size()) {
            int epoch = ordered.get(start).epoch();
            int end = start;
            double sum = 0;
            int finite = 0;
            while (end < ordered.size() && ordered.get(end).epoch() == epoch) {
                double loss = ordered.get(end).loss();
                if (Double.isFinite(loss)) {
                    sum += loss;
                    finite++;
                }
                end++;
            }
            if (finite > 0) {
                // The step spans the epoch's rounds from half a round before its first to half
                // a round after its last, so neighbouring epochs meet exactly at the boundary.
                double mean = sum / finite;
                x.add(start + 0.5);
                y.add(mean);
                x.add(end + 0.5);
                y.add(mean);
            }
            start = end;
        }
        XYSeries series = chart.addSeries("epoch mean", x, y);
        series.setLineColor(new Color(0xE6550D));
        series.setLineStyle(new BasicStroke(2.5f));
        series.setMarker(SeriesMarkers.NONE);
    }
}
