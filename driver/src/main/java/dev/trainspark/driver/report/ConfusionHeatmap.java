package dev.trainspark.driver.report;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.trainspark.pipeline.metrics.ClassificationMetrics;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.HeatMapStyler;
import org.knowm.xchart.style.Styler;

/**
 * The confusion matrix as a heat map: actual classes down the side (first class on top, as the
 * matrix is printed), predicted classes along the bottom, each cell annotated with its count.
 *
 * <p>XChart colours a cell by the same number it prints, so the colour follows the raw counts;
 * row-normalised rates are in the per-class recall of the report's table.
 */
public final class ConfusionHeatmap {

    private static final int CELL_PIXELS = 56;
    private static final int MIN_SIDE = 480;
    private static final int MAX_SIDE = 2400;

    private ConfusionHeatmap() {
    }

    /** PNG bytes of {@link #chart(ClassificationMetrics)}. */
    public static byte[] png(ClassificationMetrics metrics) {
        return PngEncoder.encode(chart(metrics));
    }

    public static HeatMapChart chart(ClassificationMetrics metrics) {
        PngEncoder.ensureHeadless();
        List<String> names = metrics.classNames();
        int k = names.size();
        int side = Math.max(MIN_SIDE, Math.min(MAX_SIDE, 200 + CELL_PIXELS * k));

        HeatMapChart chart = new HeatMapChartBuilder()
                .width(side + 120)  // room for the colour legend on the right
                .height(side)
                .title("Confusion matrix")
                .xAxisTitle("Predicted")
                .yAxisTitle("Actual")
                .build();
        style(chart.getStyler(), k, maxCount(metrics));

        // XChart draws y index 0 at the bottom; reversing the rows puts the first class on top.
        List<String> rowsBottomUp = new ArrayList<>(names);
        Collections.reverse(rowsBottomUp);
        List<Number[]> cells = new ArrayList<>(k * k);
        for (int actual = 0; actual < k; actual++) {
            List<Long> row = metrics.confusionMatrix().get(actual);
            for (int predicted = 0; predicted < k; predicted++) {
                cells.add(new Number[] {predicted, k - 1 - actual, row.get(predicted)});
            }
        }
        chart.addSeries("counts", names, rowsBottomUp, cells);
        return chart;
    }

    private static void style(HeatMapStyler styler, int numClasses, long maxCount) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotContentSize(1.0);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        // Light to mid blue keeps the black counts readable on every cell.
        styler.setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x2171B5)});
        styler.setMin(0);
        styler.setMax(Math.max(1, maxCount));
        styler.setShowValue(numClasses <= 30);  // beyond that the digits no longer fit a cell
        styler.setValueFontColor(Color.BLACK);
        styler.setHeatMapValueDecimalPattern("#,##0");
        styler.setDrawBorder(true);
        if (numClasses > 8) {
            styler.setXAxisLabelRotation(45);
        }
    }

    private static long maxCount(ClassificationMetrics metrics) {
        long max = 0;
        for (List<Long> row : metrics.confusionMatrix()) {
            for (long count : row) {
                max = Math.max(max, count);
            }
        }
        return max;
    }
}
