package dev.trainspark.driver.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;

/** Checks shared by the chart tests: a decodable PNG of the stated size with something drawn on it. */
final class PngAssertions {

    private PngAssertions() {
    }

    static BufferedImage assertChartPng(byte[] png, int width, int height) throws Exception {
        BufferedImage image = ConfusionHeatmapTest.decodePng(png);
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
        // A blank or single-colour image has no luminance variance; a chart with axes, text
        // and lines has plenty, and a good share of pixels that are not background white.
        double sum = 0;
        double squares = 0;
        long notWhite = 0;
        long n = (long) width * height;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                double luminance = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luminance;
                squares += luminance * luminance;
                if ((rgb & 0xFFFFFF) != 0xFFFFFF) {
                    notWhite++;
                }
            }
        }
        double mean = sum / n;
        double variance = squares / n - mean * mean;
        assertTrue(variance > 100, "luminance variance " + variance + " says the image is nearly blank");
        assertTrue(notWhite > n / 50, notWhite + " of " + n + " pixels are not white");
        return image;
    }

    /** Pixels of exactly this RGB colour. */
    static long countColour(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }
}
