package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * Blends the image with its mean grey level by a factor from [max(0, 1 - factor), 1 + factor]
 * (op {@code contrast}, {@code factor} >= 0, default 0.2), clipped to [0, 1], as torchvision's
 * {@code adjust_contrast}. Policies use 1 +- 0.9 at full magnitude.
 */
public final class Contrast {
    static final AugmentOpType TYPE = new AugmentOpType("contrast", false, 1.0, Contrast::parse,
            magnitude -> (pixels, shape, random) -> adjust(pixels, shape, 1 + AugmentOp.randomSign(random, 0.9 * magnitude)));

    private Contrast() {
    }

    private static AugmentOp parse(OpParams params) {
        double factor = params.nonNegative("factor", 0.2);
        return (pixels, shape, random) -> adjust(pixels, shape, AugmentOp.uniform(random, Math.max(0, 1 - factor), 1 + factor));
    }

    public static float[] adjust(float[] pixels, ImageShape shape, double factor) {
        double mean = Grey.meanLevel(pixels, shape);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = AugmentOp.clamp(mean + factor * (pixels[i] - mean));
        }
        return pixels;
    }
}
