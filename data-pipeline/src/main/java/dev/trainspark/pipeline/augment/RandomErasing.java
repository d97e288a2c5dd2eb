package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.Arrays;

/**
 * Erases a random rectangle to {@code value} (op {@code random_erasing}, cutout), as torchvision's
 * {@code RandomErasing}: area share from [scale_min, scale_max] (default 0.02 to 0.33, each in
 * (0, 1]), aspect ratio log-uniform in [ratio_min, ratio_max] (default 0.3 to 3.3), value in [0, 1]
 * (default 0); ten tries, then nothing is erased. Applied with p 0.5 by default.
 */
public final class RandomErasing {
    static final AugmentOpType TYPE = new AugmentOpType("random_erasing", false, 0.5, RandomErasing::parse, null);

    private RandomErasing() {
    }

    private static AugmentOp parse(OpParams params) {
        double scaleMin = params.areaShare("scale_min", 0.02);
        double scaleMax = params.areaShare("scale_max", 0.33);
        params.ordered("scale_min", scaleMin, "scale_max", scaleMax);
        double ratioMin = params.positive("ratio_min", 0.3);
        double ratioMax = params.positive("ratio_max", 3.3);
        params.ordered("ratio_min", ratioMin, "ratio_max", ratioMax);
        float value = (float) params.between("value", 0, 0, 1);
        return (pixels, shape, random) -> {
            int w = shape.width();
            int h = shape.height();
            for (int attempt = 0; attempt < 10; attempt++) {
                double area = w * h * AugmentOp.uniform(random, scaleMin, scaleMax);
                double ratio = Math.exp(AugmentOp.uniform(random, Math.log(ratioMin), Math.log(ratioMax)));
                int eh = (int) Math.round(Math.sqrt(area * ratio));
                int ew = (int) Math.round(Math.sqrt(area / ratio));
                if (eh > 0 && ew > 0 && eh < h && ew < w) {
                    return fill(pixels, shape, random.nextInt(w - ew + 1), random.nextInt(h - eh + 1), ew, eh, value);
                }
            }
            return pixels;
        };
    }

    public static float[] fill(float[] pixels, ImageShape shape, int x0, int y0, int ew, int eh, float value) {
        int w = shape.width();
        int h = shape.height();
        for (int c = 0; c < shape.channels(); c++) {
            for (int y = y0; y < y0 + eh; y++) {
                Arrays.fill(pixels, (c * h + y) * w + x0, (c * h + y) * w + x0 + ew, value);
            }
        }
        return pixels;
    }
}
