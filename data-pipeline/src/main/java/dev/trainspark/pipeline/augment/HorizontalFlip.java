package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/** Mirrors the image left to right (op {@code hflip}, applied with p 0.5 by default). */
public final class HorizontalFlip {
    static final AugmentOpType TYPE = new AugmentOpType("hflip", false, 0.5, params -> (pixels, shape, random) -> flip(pixels, shape), null);

    private HorizontalFlip() {
    }

    public static float[] flip(float[] pixels, ImageShape shape) {
        int w = shape.width();
        float[] out = new float[pixels.length];
        for (int row = 0; row < shape.channels() * shape.height(); row++) {
            int base = row * w;
            for (int x = 0; x < w; x++) {
                out[base + x] = pixels[base + w - 1 - x];
            }
        }
        return out;
    }
}
