package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.SplittableRandom;

/**
 * A random crop resized back to the image size (op {@code random_resized_crop}), as torchvision's
 * {@code RandomResizedCrop}: area share from [scale_min, scale_max] (default 0.08 to 1, each in
 * (0, 1]), aspect ratio log-uniform in [ratio_min, ratio_max] (default 3/4 to 4/3); ten tries, then
 * the whole image.
 */
public final class RandomResizedCrop {
    static final AugmentOpType TYPE = new AugmentOpType("random_resized_crop", false, 1.0, RandomResizedCrop::parse, null);

    private RandomResizedCrop() {
    }

    private static AugmentOp parse(OpParams params) {
        double scaleMin = params.areaShare("scale_min", 0.08);
        double scaleMax = params.areaShare("scale_max", 1.0);
        params.ordered("scale_min", scaleMin, "scale_max", scaleMax);
        double ratioMin = params.positive("ratio_min", 3.0 / 4);
        double ratioMax = params.positive("ratio_max", 4.0 / 3);
        params.ordered("ratio_min", ratioMin, "ratio_max", ratioMax);
        return (pixels, shape, random) -> {
            double[] box = box(shape, random, scaleMin, scaleMax, ratioMin, ratioMax);
            return crop(pixels, shape, box[0], box[1], box[2], box[3]);
        };
    }

    /** {x, y, width, height} of the crop, in pixels. */
    static double[] box(ImageShape shape, SplittableRandom random, double scaleMin, double scaleMax,
                        double ratioMin, double ratioMax) {
        int w = shape.width();
        int h = shape.height();
        for (int attempt = 0; attempt < 10; attempt++) {
            double area = w * h * AugmentOp.uniform(random, scaleMin, scaleMax);
            double ratio = Math.exp(AugmentOp.uniform(random, Math.log(ratioMin), Math.log(ratioMax)));
            int cw = (int) Math.round(Math.sqrt(area * ratio));
            int ch = (int) Math.round(Math.sqrt(area / ratio));
            if (cw > 0 && ch > 0 && cw <= w && ch <= h) {
                return new double[]{random.nextInt(w - cw + 1), random.nextInt(h - ch + 1), cw, ch};
            }
        }
        return new double[]{0, 0, w, h};
    }

    /** The region {@code (x0, y0, cw, ch)} resampled bilinearly to the full image size. */
    public static float[] crop(float[] pixels, ImageShape shape, double x0, double y0, double cw, double ch) {
        int w = shape.width();
        int h = shape.height();
        int plane = w * h;
        float[] out = new float[pixels.length];
        for (int y = 0; y < h; y++) {
            double sy = Math.min(h - 1, Math.max(0, y0 + (y + 0.5) * ch / h - 0.5));
            int ya = (int) Math.floor(sy);
            int yb = Math.min(h - 1, ya + 1);
            double fy = sy - ya;
            for (int x = 0; x < w; x++) {
                double sx = Math.min(w - 1, Math.max(0, x0 + (x + 0.5) * cw / w - 0.5));
                int xa = (int) Math.floor(sx);
                int xb = Math.min(w - 1, xa + 1);
                double fx = sx - xa;
                for (int c = 0; c < shape.channels(); c++) {
                    int base = c * plane;
                    double v = (1 - fx) * (1 - fy) * pixels[base + ya * w + xa] + fx * (1 - fy) * pixels[base + ya * w + xb]
                            + (1 - fx) * fy * pixels[base + yb * w + xa] + fx * fy * pixels[base + yb * w + xb];
                    out[base + y * w + x] = (float) v;
                }
            }
        }
        return out;
    }
}
