package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * Zero-pads the image by {@code padding} pixels on every side (default 4) and crops a random window
 * of the original size back out (op {@code pad_crop}): the CIFAR-style random shift.
 */
public final class PadCrop {
    static final AugmentOpType TYPE = new AugmentOpType("pad_crop", false, 1.0, PadCrop::parse, null);

    private PadCrop() {
    }

    private static AugmentOp parse(OpParams params) {
        int padding = params.count("padding", 4);
        return (pixels, shape, random) -> shift(pixels, shape, random.nextInt(2 * padding + 1) - padding,
                random.nextInt(2 * padding + 1) - padding);
    }

    /** Output {@code (x, y)} takes input {@code (x + dx, y + dy)}, zero outside. */
    public static float[] shift(float[] pixels, ImageShape shape, int dx, int dy) {
        int w = shape.width();
        int h = shape.height();
        float[] out = new float[pixels.length];
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = 0; y < h; y++) {
                int sy = y + dy;
                if (sy < 0 || sy >= h) {
                    continue;
                }
                int from = Math.max(0, -dx);
                int to = Math.min(w, w - dx);
                if (from < to) {
                    System.arraycopy(pixels, (c * h + sy) * w + from + dx, out, (c * h + y) * w + from, to - from);
                }
            }
        }
        return out;
    }
}
