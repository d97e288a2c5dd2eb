package dev.trainspark.driver.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Each class's share of the rows hard-example selection kept, per epoch, against the share of the
 * candidate pool it would keep by chance (the dashed line: 1 / classes when the training rows are
 * balanced). A rare or hard class above the line is being selected more than its share.
 */
public final class SelectionShares {
    private static final Color[] PALETTE = {new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C),
            new Color(0xD62728), new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
            new Color(0xBCBD22), new Color(0x17BECF)};

    private SelectionShares() {
    }

    /** Per epoch (in order), the rows kept per class, summed over the epoch's rounds; empty when selection was off. */
    public static TreeMap<Integer, long[]> perEpoch(List<RoundEvent> rounds) {
        TreeMap<Integer, long[]> sums = new TreeMap<>();
        for (RoundEvent e : rounds) {
            if (e.selection() == null) {
                continue;
            }
            List<Long> selected = e.selection().selectedPerClass();
            long[] sum = sums.computeIfAbsent(e.epoch(), k -> new long[selected.size()]);
            for (int c = 0; c < selected.size(); c++) {
                sum[c] += selected.get(c);
            }
        }
        return sums;
    }

    /** PNG bytes of {@link #chart}, 900 x 480 pixels. */
    public static byte[] png(List<String> classes, TreeMap<Integer, long[]> perEpoch, double[] trainingShare) {
        return PngEncoder.encode(chart(classes, perEpoch, trainingShare));
    }

    /**
     * @param perEpoch      rows kept per class for each epoch (see {@link #perEpoch})
     * @param trainingShare each class's share of the training rows, the share selection by chance would keep
     */
    public static XYChart chart(List<String> classes, TreeMap<Integer, long[]> perEpoch, double[] trainingShare) {
        if (perEpoch.isEmpty()) {
            throw new IllegalArgumentException("no epoch with selection figures; selection was off");
        }
        PngEncoder.ensureHeadless();
        XYChart chart = new XYChartBuilder().width(900).height(480).title("Share of each class among the rows selected")
                .xAxisTitle("Epoch").yAxisTitle("Share of selected rows").build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setXAxisDecimalPattern("#,##0");
        styler.setYAxisDecimalPattern("0.00");
        styler.setYAxisMin(0.0);
        double[] epochs = perEpoch.keySet().stream().mapToDouble(Integer::doubleValue).toArray();
        if (epochs.length == 1) {
            styler.setXAxisMin(epochs[0] - 1);
            styler.setXAxisMax(epochs[0] + 1);
        }
        List<double[]> shares = new ArrayList<>();
        for (long[] kept : perEpoch.values()) {
            double total = Arrays.stream(kept).sum();
            shares.add(Arrays.stream(kept).mapToDouble(n -> total == 0 ? 0 : n / total).toArray());
        }
        for (int c = 0; c < classes.size(); c++) {
            int cls = c;
            Color color = PALETTE[c % PALETTE.length];
            XYSeries kept = chart.addSeries(classes.get(c), epochs, shares.stream().mapToDouble(s -> s[cls]).toArray());
            kept.setLineColor(color);
            kept.setMarkerColor(color);
            kept.setMarker(SeriesMarkers.CIRCLE);
            kept.setLineStyle(new BasicStroke(2f));
            double[] chance = new double[epochs.length];
            Arrays.fill(chance, trainingShare[c]);
            XYSeries line = chart.addSeries(classes.get(c) + " by chance", epochs, chance);
            line.setLineColor(color);
            line.setMarker(SeriesMarkers.NONE);
            line.setShowInLegend(false);
            line.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        return chart;
    }
}
