package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * A separable Gaussian blur with sigma from [sigma_min, sigma_max] pixels (op {@code gaussian_blur},
 * default 0.1 to 2), kernel radius ceil(3 sigma), edges repeated. Policies blur with sigma up to 2.
 */
public final class GaussianBlur {
    static final AugmentOpType TYPE = new AugmentOpType("gaussian_blur", false, 1.0, GaussianBlur::parse,
            magnitude -> (pixels, shape, random) -> blur(pixels, shape, 2 * magnitude));

    private GaussianBlur() {
    }

    private static AugmentOp parse(OpParams params) {
        double lo = params.positive("sigma_min", 0.1);
        double hi = params.positive("sigma_max", 2.0);
        params.ordered("sigma_min", lo, "sigma_max", hi);
        return (pixels, shape, random) -> blur(pixels, shape, AugmentOp.uniform(random, lo, hi));
    }

    public static float[] blur(float[] pixels, ImageShape shape, double sigma) {
        if (sigma < 0.05) {
            return pixels;
        }
        int radius = (int) Math.ceil(3 * sigma);
        float[] kernel = new float[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            double v = Math.exp(-k * k / (2 * sigma * sigma));
            kernel[k + radius] = (float) v;
            sum += v;
        }
        for (int k = 0; k < kernel.length; k++) {
            kernel[k] /= (float) sum;
        }
        int w = shape.width();
        int h = shape.height();
        float[] tmp = new float[pixels.length];
        float[] out = new float[pixels.length];
        for (int c = 0; c < shape.channels(); c++) {
            int base = c * w * h;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += kernel[k + radius] * pixels[base + y * w + Math.min(w - 1, Math.max(0, x + k))];
                    }
                    tmp[base + y * w + x] = v;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = 0;
                    for (int k = -radius; k <= radius; k++) {
                        v += kernel[k + radius] * tmp[base + Math.min(h - 1, Math.max(0, y + k)) * w + x];
                    }
                    out[base + y * w + x] = v;
                }
            }
        }
        return out;
    }
}
