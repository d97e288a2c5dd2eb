package dev.trainspark.driver.report;

import java.util.List;

import org.knowm.xchart.XYChart;

/**
 * One-vs-rest precision-recall curves, one step line per class on one chart with both axes on
 * [0, 1]; the legend gives each class's average precision as passed in, the title their mean.
 *
 * <p>The steps follow average precision's own definition, AP = sum over n of
 * (R<sub>n</sub> - R<sub>n-1</sub>) P<sub>n</sub>: the precision of a point holds over the
 * recall interval that ends at that point's recall, so the area under the drawn steps is the
 * AP. Points may come in either recall order (decreasing, as threshold-sweeping
 * implementations return them, or increasing). With more than ten classes only the ten with
 * the lowest AP are drawn (see {@link OneVsRestCurves}).
 */
public final class PrecisionRecallCurves {

    private PrecisionRecallCurves() {
    }

    /** PNG bytes of {@link #chart(List, List, List, double[])}. */
    public static byte[] png(List<String> classNames, List<double[]> recall, List<double[]> precision,
                             double[] averagePrecision) {
        return PngEncoder.encode(chart(classNames, recall, precision, averagePrecision));
    }

    /**
     * @param classNames       one name per class
     * @param recall           per class, recall at each threshold, monotone in either direction
     * @param precision        per class, the precision at each recall
     * @param averagePrecision per class AP; NaN where undefined (no positives)
     * @throws IllegalArgumentException if the lists do not have one entry per class, a curve's
     *                                  arrays differ in length, or a value is outside [0, 1]
     */
    public static XYChart chart(List<String> classNames, List<double[]> recall, List<double[]> precision,
                                double[] averagePrecision) {
        OneVsRestCurves curves = new OneVsRestCurves(classNames, recall, precision, averagePrecision,
                new String[] {"classNames", "recall", "precision", "averagePrecision"});
        XYChart chart = OneVsRestCurves.unitSquareChart(
                "Precision-recall, one vs rest: mean AP " + OneVsRestCurves.score(curves.meanScore())
                        + curves.selectionNote("AP"),
                "Recall", "Precision");
        List<Integer> drawn = curves.drawn();
        for (int i = 0; i < drawn.size(); i++) {
            int c = drawn.get(i);
            double[][] steps = steps(curves.x(c), curves.y(c));
            OneVsRestCurves.addLine(chart, curves.label(c, "AP"), steps[0], steps[1],
                    OneVsRestCurves.PALETTE[i % OneVsRestCurves.PALETTE.length], 1.8f);
        }
        return chart;
    }

    /**
     * {x, y} of the step line through the points: in increasing recall order, from each point
     * straight up or down to the next point's precision, then across to the next point's recall.
     */
    static double[][] steps(double[] recall, double[] precision) {
        int n = recall.length;
        boolean decreasing = n > 1 && recall[0] > recall[n - 1];
        double[] xs = new double[Math.max(0, 2 * n - 1)];
        double[] ys = new double[xs.length];
        for (int i = 0; i < n; i++) {
            int at = decreasing ? n - 1 - i : i;
            if (i > 0) {
                xs[2 * i - 1] = xs[2 * i - 2];
                ys[2 * i - 1] = precision[at];
            }
            xs[2 * i] = recall[at];
            ys[2 * i] = precision[at];
        }
        return new double[][] {xs, ys};
    }
}
