package dev.trainspark.driver.report;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;

/** Renders an XChart chart to PNG bytes on machines without a display (drivers, CI). */
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
}
