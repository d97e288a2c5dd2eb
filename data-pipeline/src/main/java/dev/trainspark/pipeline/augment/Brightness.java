package dev.trainspark.pipeline.augment;

/**
 * Multiplies every pixel by a factor from [max(0, 1 - factor), 1 + factor] (op {@code brightness},
 * {@code factor} >= 0, default 0.2), clipped to [0, 1], as torchvision's {@code ColorJitter}.
 * Policies use a factor of 1 +- 0.9 at full magnitude.
 */
public final class Brightness {
    static final AugmentOpType TYPE = new AugmentOpType("brightness", false, 1.0, Brightness::parse,
            magnitude -> (pixels, shape, random) -> scale(pixels, 1 + AugmentOp.randomSign(random, 0.9 * magnitude)));

    private Brightness() {
    }

    private static AugmentOp parse(OpParams params) {
        double factor = params.nonNegative("factor", 0.2);
        return (pixels, shape, random) -> scale(pixels, AugmentOp.uniform(random, Math.max(0, 1 - factor), 1 + factor));
    }

    public static float[] scale(float[] pixels, double factor) {
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = AugmentOp.clamp(pixels[i] * factor);
        }
        return pixels;
    }
}
