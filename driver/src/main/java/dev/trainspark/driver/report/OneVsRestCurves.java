package dev.trainspark.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The per-class curves of a one-vs-rest evaluation (ROC or precision-recall), checked for shape,
 * and the rule for which of them a chart draws.
 *
 * <p>Up to {@value #MAX_DRAWN} classes every class with a defined score is drawn, in class
 * order. Beyond that the lines would share colours and hide each other, so only the
 * {@value #MAX_DRAWN} classes with the lowest score are drawn, worst first: those are the
 * classes someone reading the report needs to look at. A class whose score is undefined (no
 * positives in the evaluation set) has no curve and is left out either way.
 */
final class OneVsRestCurves {

    /** The ten colours of the common categorical palette; distinct for up to ten lines. */
    static final Color[] PALETTE = {
        new Color(0x1F77B4), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0xD62728),
        new Color(0x9467BD), new Color(0x8C564B), new Color(0xE377C2), new Color(0x7F7F7F),
        new Color(0xBCBD22), new Color(0x17BECF),
    };
    static final int MAX_DRAWN = PALETTE.length;
    private static final int MAX_LABEL_CHARS = 40;

    private final List<String> classNames;
    private final List<double[]> x;
    private final List<double[]> y;
    private final double[] score;

    /**
     * @param names parameter names used in error messages: class names, x, y, score
     */
    OneVsRestCurves(List<String> classNames, List<double[]> x, List<double[]> y, double[] score, String[] names) {
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException(names[0] + " is " + classNames + "; need at least one class");
        }
        int k = classNames.size();
        requireCount(names[1], x == null ? -1 : x.size(), k, names[0]);
        requireCount(names[2], y == null ? -1 : y.size(), k, names[0]);
        requireCount(names[3], score == null ? -1 : score.length, k, names[0]);
        for (int c = 0; c < k; c++) {
            double[] xc = x.get(c);
            double[] yc = y.get(c);
            if (xc == null || yc == null || xc.length != yc.length) {
                throw new IllegalArgumentException(names[1] + "[" + c + "] and " + names[2] + "[" + c + "] have "
                        + length(xc) + " and " + length(yc) + " points; need the same number");
            }
            requireUnitInterval(names[1], c, xc);
            requireUnitInterval(names[2], c, yc);
            if (Double.isFinite(score[c]) && (score[c] < 0 || score[c] > 1)) {
                throw new IllegalArgumentException(names[3] + "[" + c + "] is " + score[c]
                        + "; accepted a value in [0, 1] or NaN for undefined");
            }
        }
        this.classNames = List.copyOf(classNames);
        this.x = x.stream().map(double[]::clone).toList();
        this.y = y.stream().map(double[]::clone).toList();
        this.score = score.clone();
    }

    private static void requireCount(String name, int count, int classes, String classNamesName) {
        if (count != classes) {
            throw new IllegalArgumentException(name + " has " + (count < 0 ? "no" : String.valueOf(count))
                    + " entries for " + classes + " " + classNamesName + "; need one per class");
        }
    }

    private static int length(double[] values) {
        return values == null ? 0 : values.length;
    }

    private static void requireUnitInterval(String name, int c, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!(values[i] >= 0 && values[i] <= 1)) {
                throw new IllegalArgumentException(name + "[" + c + "][" + i + "] is " + values[i]
                        + "; accepted values in [0, 1]");
            }
        }
    }

    int classCount() {
        return classNames.size();
    }

    String name(int c) {
        return classNames.get(c);
    }

    double[] x(int c) {
        return x.get(c);
    }

    double[] y(int c) {
        return y.get(c);
    }

    double score(int c) {
        return score[c];
    }

    /** Classes whose score is defined and whose curve has a point. */
    List<Integer> defined() {
        List<Integer> defined = new ArrayList<>();
        for (int c = 0; c < score.length; c++) {
            if (Double.isFinite(score[c]) && x.get(c).length > 0) {
                defined.add(c);
            }
        }
        return defined;
    }

    /** The classes to draw, in legend order (see the class comment). */
    List<Integer> drawn() {
        List<Integer> defined = defined();
        if (defined.size() <= MAX_DRAWN) {
            return defined;
        }
        List<Integer> worst = new ArrayList<>(defined);
        worst.sort(Comparator.<Integer>comparingDouble(c -> score[c]).thenComparingInt(c -> c));
        return List.copyOf(worst.subList(0, MAX_DRAWN));
    }

    /** Mean of the defined scores; NaN when none is defined. */
    double meanScore() {
        double sum = 0;
        int n = 0;
        for (double s : score) {
            if (Double.isFinite(s)) {
                sum += s;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** What the title adds about classes that are not drawn, or "" when all are. */
    String selectionNote(String scoreName) {
        int undefined = classCount() - defined().size();
        List<String> parts = new ArrayList<>();
        if (defined().size() > MAX_DRAWN) {
            parts.add(MAX_DRAWN + " lowest-" + scoreName + " of " + classCount() + " classes");
        }
        if (undefined > 0) {
            parts.add(undefined + (undefined == 1 ? " class" : " classes") + " without positives not drawn");
        }
        return parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")";
    }

    /** Legend label "name (AUC 0.987)", with long names cut so the legend keeps its width. */
    String label(int c, String scoreName) {
        String name = classNames.get(c);
        if (name.length() > MAX_LABEL_CHARS) {
            name = name.substring(0, MAX_LABEL_CHARS - 1) + "\u2026";
        }
        return name + " (" + scoreName + " " + score(score[c]) + ")";
    }

    static String score(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "undefined";
    }

    /** A square-plot chart on [0, 1] x [0, 1] with the legend to the right. */
    static XYChart unitSquareChart(String title, String xTitle, String yTitle) {
        PngEncoder.ensureHeadless();
        XYChart chart = new XYChartBuilder()
                .width(980)
                .height(640)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        var styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setXAxisMin(0.0);
        styler.setXAxisMax(1.0);
        styler.setYAxisMin(0.0);
        styler.setYAxisMax(1.0);
        styler.setXAxisDecimalPattern("0.0");
        styler.setYAxisDecimalPattern("0.0");
        return chart;
    }

    /**
     * Adds one line per series name, unique even where two cut labels coincide, since XChart
     * rejects a repeated series name.
     */
    static XYSeries addLine(XYChart chart, String label, double[] xs, double[] ys, Color color, float width) {
        String unique = label;
        for (int n = 2; chart.getSeriesMap().containsKey(unique); n++) {
            unique = label + " #" + n;
        }
        XYSeries series = chart.addSeries(unique, xs, ys);
        series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        series.setMarker(SeriesMarkers.NONE);
        series.setLineColor(color);
        series.setLineStyle(new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER));
        return series;
    }
}
