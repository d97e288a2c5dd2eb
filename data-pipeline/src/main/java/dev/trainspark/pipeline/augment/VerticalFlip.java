package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/** Mirrors the image top to bottom (op {@code vflip}, applied with p 0.5 by default). */
public final class VerticalFlip {
    static final AugmentOpType TYPE = new AugmentOpType("vflip", false, 0.5, params -> (pixels, shape, random) -> flip(pixels, shape), null);

    private VerticalFlip() {
    }

    public static float[] flip(float[] pixels, ImageShape shape) {
        int w = shape.width();
        int h = shape.height();
        float[] out = new float[pixels.length];
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(pixels, (c * h + h - 1 - y) * w, out, (c * h + y) * w, w);
            }
        }
        return out;
    }
}
