package dev.trainspark.driver.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * One-vs-rest ROC curves, one line per class on one chart, with the chance diagonal and both
 * axes on [0, 1]. The legend gives each class's AUC as passed in.
 *
 * <p>With more than ten classes only the ten with the lowest AUC are drawn (see
 * {@link OneVsRestCurves}). From three classes on, a thick black line adds the macro-average
 * curve: the mean over classes of each class's true positive rate, read off its curve at every
 * false positive rate where any class's curve has a point; its legend gives the mean of the
 * per-class AUCs, the macro-averaged AUC.
 */
public final class RocCurves {

    static final String CHANCE = "chance";
    static final String MACRO_PREFIX = "macro average";

    private RocCurves() {
    }

    /** PNG bytes of {@link #chart(List, List, List, double[])}. */
    public static byte[] png(List<String> classNames, List<double[]> fpr, List<double[]> tpr, double[] auc) {
        return PngEncoder.encode(chart(classNames, fpr, tpr, auc));
    }

    /**
     * @param classNames one name per class
     * @param fpr        per class, false positive rates in non-decreasing order
     * @param tpr        per class, the true positive rate at each false positive rate
     * @param auc        per class area under the curve; NaN where undefined (no positives)
     * @throws IllegalArgumentException if the lists do not have one entry per class, a curve's
     *                                  arrays differ in length, a rate is outside [0, 1], or a
     *                                  false positive rate decreases
     */
    public static XYChart chart(List<String> classNames, List<double[]> fpr, List<double[]> tpr, double[] auc) {
        OneVsRestCurves curves = new OneVsRestCurves(classNames, fpr, tpr, auc,
                new String[] {"classNames", "fpr", "tpr", "auc"});
        for (int c = 0; c < curves.classCount(); c++) {
            double[] xs = curves.x(c);
            for (int i = 1; i < xs.length; i++) {
                if (xs[i] < xs[i - 1]) {
                    throw new IllegalArgumentException("fpr[" + c + "][" + i + "] is " + xs[i] + " after "
                            + xs[i - 1] + "; accepted false positive rates in non-decreasing order");
                }
            }
        }

        XYChart chart = OneVsRestCurves.unitSquareChart(
                "ROC curves, one vs rest" + curves.selectionNote("AUC"),
                "False positive rate", "True positive rate");
        XYSeries chance = OneVsRestCurves.addLine(chart, CHANCE, new double[] {0, 1}, new double[] {0, 1},
                Color.GRAY, 1f);
        chance.setLineStyle(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                new float[] {6f, 4f}, 0f));

        List<Integer> drawn = curves.drawn();
        for (int i = 0; i < drawn.size(); i++) {
            int c = drawn.get(i);
            OneVsRestCurves.addLine(chart, curves.label(c, "AUC"), curves.x(c), curves.y(c),
                    OneVsRestCurves.PALETTE[i % OneVsRestCurves.PALETTE.length], 1.8f);
        }
        List<Integer> defined = curves.defined();
        if (defined.size() >= 3) {
            double[][] macro = macroAverage(curves, defined);
            OneVsRestCurves.addLine(chart, MACRO_PREFIX + " (AUC " + OneVsRestCurves.score(curves.meanScore()) + ")",
                    macro[0], macro[1], Color.BLACK, 3f);
        }
        return chart;
    }

    /** {grid, mean tpr}: the union of the classes' false positive rates and the mean tpr there. */
    static double[][] macroAverage(OneVsRestCurves curves, List<Integer> classes) {
        double[] grid = classes.stream().flatMapToDouble(c -> Arrays.stream(curves.x(c))).sorted().distinct().toArray();
        double[] mean = new double[grid.length];
        for (int c : classes) {
            double[] tpr = tprOnGrid(curves.x(c), curves.y(c), grid);
            for (int g = 0; g < grid.length; g++) {
                mean[g] += tpr[g];
            }
        }
        for (int g = 0; g < grid.length; g++) {
            mean[g] /= classes.size();
        }
        return new double[][] {grid, mean};
    }

    /**
     * The curve's true positive rate at each false positive rate of the ascending {@code grid}:
     * where the curve rises vertically, the top of the rise (the best rate reachable there);
     * between points, on the line the chart draws between them; outside the curve's range, its
     * nearest end. One pass over curve and grid together.
     */
    static double[] tprOnGrid(double[] fpr, double[] tpr, double[] grid) {
        int n = fpr.length;
        double[] out = new double[grid.length];
        int j = 0;
        for (int g = 0; g < grid.length; g++) {
            double at = grid[g];
            while (j < n && fpr[j] < at) {
                j++;
            }
            if (j < n && fpr[j] == at) {
                double max = tpr[j];
                for (int k = j + 1; k < n && fpr[k] == at; k++) {
                    max = Math.max(max, tpr[k]);
                }
                out[g] = max;
            } else if (j == 0) {
                out[g] = tpr[0];
            } else if (j == n) {
                out[g] = tpr[n - 1];
            } else {
                double t = (at - fpr[j - 1]) / (fpr[j] - fpr[j - 1]);
                out[g] = tpr[j - 1] + t * (tpr[j] - tpr[j - 1]);
            }
        }
        return out;
    }
}
