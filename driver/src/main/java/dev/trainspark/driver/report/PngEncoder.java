package dev.trainspark.driver.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders XChart charts to PNG bytes on machines without a display (drivers, CI). */
final class PngEncoder {

    private PngEncoder() {
    }

    /**
     * Call before building a chart: AWT reads the headless flag once, when first used, and a
     * driver on a cluster node has no display to connect to. An explicit setting is respected.
     */
    static void ensureHeadless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static byte[] encode(Chart<?, ?> chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            // Encoding into memory has no I/O that can fail; keep the checked exception off callers.
            throw new UncheckedIOException("could not encode chart '" + chart.getTitle() + "' as PNG", e);
        }
    }

    /**
     * Charts stacked top to bottom in one PNG, as wide as the widest, with their plot areas
     * starting at the same x so that charts sharing an x axis line up: each chart's y-axis tick
     * labels take their own width, so a chart with narrower labels is drawn that much further
     * right and that much narrower. The widths come from a first paint off screen, as XChart
     * lays out an axis only while painting.
     */
    static byte[] encodeColumn(List<? extends Chart<?, ?>> charts) {
        if (charts.isEmpty()) {
            throw new IllegalArgumentException("cannot stack 0 charts; need at least one");
        }
        int width = 0;
        int height = 0;
        double[] axisWidth = new double[charts.size()];
        double widestAxis = 0;
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < charts.size(); i++) {
            Chart<?, ?> chart = charts.get(i);
            width = Math.max(width, chart.getWidth());
            height += chart.getHeight();
            Graphics2D g = scratch.createGraphics();
            try {
                chart.paint(g, chart.getWidth(), chart.getHeight());
            } finally {
                g.dispose();
            }
            axisWidth[i] = chart.getYAxisLeftWidth();
            widestAxis = Math.max(widestAxis, axisWidth[i]);
        }

        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            int y = 0;
            for (int i = 0; i < charts.size(); i++) {
                Chart<?, ?> chart = charts.get(i);
                int shift = (int) Math.round(widestAxis - axisWidth[i]);
                int chartWidth = chart.getWidth() - shift;
                Graphics2D cell = (Graphics2D) g.create(shift, y, chartWidth, chart.getHeight());
                try {
                    chart.paint(cell, chartWidth, chart.getHeight());
                } finally {
                    cell.dispose();
                }
                y += chart.getHeight();
            }
        } finally {
            g.dispose();
        }
        return encode(image);
    }

    private static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try {
            if (!ImageIO.write(image, "png", out)) {
                throw new IllegalStateException("this JVM has no PNG writer for ImageIO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode a chart grid as PNG", e);
        }
        return out.toByteArray();
    }
}
