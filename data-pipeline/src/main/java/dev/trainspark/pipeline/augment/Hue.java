package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * Rotates every pixel's hue by a shift from [-factor, factor] turns (op {@code hue}, RGB only,
 * {@code factor} in [0, 0.5], default 0.05), in HSV, as torchvision's {@code adjust_hue}. Policies
 * shift by up to 0.1 turns.
 */
public final class Hue {
    static final AugmentOpType TYPE = new AugmentOpType("hue", true, 1.0, Hue::parse,
            magnitude -> (pixels, shape, random) -> shift(pixels, shape, AugmentOp.randomSign(random, 0.1 * magnitude)));

    private Hue() {
    }

    private static AugmentOp parse(OpParams params) {
        double factor = params.between("factor", 0.05, 0, 0.5);
        return (pixels, shape, random) -> shift(pixels, shape, AugmentOp.uniform(random, -factor, factor));
    }

    public static float[] shift(float[] pixels, ImageShape shape, double turns) {
        int plane = shape.height() * shape.width();
        for (int i = 0; i < plane; i++) {
            double r = pixels[i];
            double g = pixels[plane + i];
            double b = pixels[2 * plane + i];
            double max = Math.max(r, Math.max(g, b));
            double min = Math.min(r, Math.min(g, b));
            double chroma = max - min;
            if (chroma <= 0) {
                continue;
            }
            double h;
            if (max == r) {
                h = ((g - b) / chroma) / 6;
            } else if (max == g) {
                h = ((b - r) / chroma + 2) / 6;
            } else {
                h = ((r - g) / chroma + 4) / 6;
            }
            h = h + turns;
            h -= Math.floor(h);
            // Back from (h, s = chroma / max, v = max).
            double sector = h * 6;
            int k = (int) Math.floor(sector) % 6;
            double f = sector - Math.floor(sector);
            double p = min;
            double q = max - chroma * f;
            double t = min + chroma * f;
            double[] rgb = switch (k) {
                case 0 -> new double[]{max, t, p};
                case 1 -> new double[]{q, max, p};
                case 2 -> new double[]{p, max, t};
                case 3 -> new double[]{p, q, max};
                case 4 -> new double[]{t, p, max};
                default -> new double[]{max, p, q};
            };
            pixels[i] = AugmentOp.clamp(rgb[0]);
            pixels[plane + i] = AugmentOp.clamp(rgb[1]);
            pixels[2 * plane + i] = AugmentOp.clamp(rgb[2]);
        }
        return pixels;
    }
}
