package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * Blends every pixel with its own grey level by a factor from [max(0, 1 - factor), 1 + factor]
 * (op {@code saturation}, RGB only, {@code factor} >= 0, default 0.2), clipped to [0, 1]. Policies
 * use 1 +- 0.9 at full magnitude.
 */
public final class Saturation {
    static final AugmentOpType TYPE = new AugmentOpType("saturation", true, 1.0, Saturation::parse,
            magnitude -> (pixels, shape, random) -> adjust(pixels, shape, 1 + AugmentOp.randomSign(random, 0.9 * magnitude)));

    private Saturation() {
    }

    private static AugmentOp parse(OpParams params) {
        double factor = params.nonNegative("factor", 0.2);
        return (pixels, shape, random) -> adjust(pixels, shape, AugmentOp.uniform(random, Math.max(0, 1 - factor), 1 + factor));
    }

    public static float[] adjust(float[] pixels, ImageShape shape, double factor) {
        int plane = shape.height() * shape.width();
        for (int i = 0; i < plane; i++) {
            double grey = Grey.level(pixels, plane, i);
            for (int c = 0; c < 3; c++) {
                int at = c * plane + i;
                pixels[at] = AugmentOp.clamp(grey + factor * (pixels[at] - grey));
            }
        }
        return pixels;
    }
}
