package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/** The luma (ITU-R 601, as torchvision's {@code rgb_to_grayscale}) the colour ops blend towards. */
final class Grey {
    private Grey() {
    }

    static double level(float[] pixels, int plane, int i) {
        return 0.299 * pixels[i] + 0.587 * pixels[plane + i] + 0.114 * pixels[2 * plane + i];
    }

    static double meanLevel(float[] pixels, ImageShape shape) {
        int plane = shape.height() * shape.width();
        double sum = 0;
        for (int i = 0; i < plane; i++) {
            sum += shape.channels() == 1 ? pixels[i] : level(pixels, plane, i);
        }
        return sum / plane;
    }
}
