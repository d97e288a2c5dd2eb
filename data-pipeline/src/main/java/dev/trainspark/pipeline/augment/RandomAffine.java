package dev.trainspark.pipeline.augment;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A random affine warp (rotation, isotropic scale, translation) about the image centre, with
 * bilinear sampling and zero fill, as torchvision's {@code RandomAffine} does for tensors. Each
 * call draws its parameters from the given seed only, so a copy of a row always gets the same warp.
 *
 * @param maxRotationDegrees rotation drawn uniformly from [-r, r] degrees
 * @param maxShiftFraction   translation per axis drawn uniformly from [-s, s] times the image size
 * @param minScale           scale drawn uniformly from [minScale, maxScale]
 * @param maxScale           see minScale
 */
public record RandomAffine(double maxRotationDegrees, double maxShiftFraction, double minScale, double maxScale)
        implements Serializable {

    /** Mild warps that keep a digit or an object recognisable: 10 degrees, 8% shift, 0.9 to 1.1 scale. */
    public static RandomAffine mild() {
        return new RandomAffine(10, 0.08, 0.9, 1.1);
    }

    public RandomAffine {
        if (!(maxRotationDegrees >= 0 && maxRotationDegrees <= 180)) {
            throw new IllegalArgumentException("augment.rotation is " + maxRotationDegrees + "; accepted: 0 to 180 degrees");
        }
        if (!(maxShiftFraction >= 0 && maxShiftFraction < 1)) {
            throw new IllegalArgumentException("augment.shift is " + maxShiftFraction + "; accepted: a fraction in [0, 1)");
        }
        if (!(minScale > 0 && minScale <= maxScale && Double.isFinite(maxScale))) {
            throw new IllegalArgumentException("augment.scale is [" + minScale + ", " + maxScale
                    + "]; accepted: 0 < min <= max, finite");
        }
    }

    /**
     * Warps channel-first pixels {@code [channels][height][width]} into a new array.
     */
    public float[] apply(float[] pixels, int channels, int height, int width, long seed) {
        if (pixels.length != channels * height * width) {
            throw new IllegalArgumentException("got " + pixels.length + " pixels for a " + channels + "x" + height + "x" + width + " image");
        }
        SplittableRandom random = new SplittableRandom(seed);
        double angle = Math.toRadians(uniform(random, -maxRotationDegrees, maxRotationDegrees));
        double scale = uniform(random, minScale, maxScale);
        double dx = uniform(random, -maxShiftFraction, maxShiftFraction) * width;
        double dy = uniform(random, -maxShiftFraction, maxShiftFraction) * height;
        double cx = (width - 1) / 2.0;
        double cy = (height - 1) / 2.0;
        // Inverse mapping: for each output pixel, where it comes from in the input.
        double cos = Math.cos(angle) / scale;
        double sin = Math.sin(angle) / scale;
        float[] out = new float[pixels.length];
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double ox = x - cx - dx;
                double oy = y - cy - dy;
                double sx = cos * ox + sin * oy + cx;
                double sy = -sin * ox + cos * oy + cy;
                int x0 = (int) Math.floor(sx);
                int y0 = (int) Math.floor(sy);
                double fx = sx - x0;
                double fy = sy - y0;
                for (int c = 0; c < channels; c++) {
                    int base = c * plane;
                    double v = (1 - fx) * (1 - fy) * at(pixels, base, x0, y0, width, height)
                            + fx * (1 - fy) * at(pixels, base, x0 + 1, y0, width, height)
                            + (1 - fx) * fy * at(pixels, base, x0, y0 + 1, width, height)
                            + fx * fy * at(pixels, base, x0 + 1, y0 + 1, width, height);
                    out[base + y * width + x] = (float) v;
                }
            }
        }
        return out;
    }

    private static double at(float[] pixels, int base, int x, int y, int width, int height) {
        return x < 0 || y < 0 || x >= width || y >= height ? 0 : pixels[base + y * width + x];
    }

    private static double uniform(SplittableRandom random, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * random.nextDouble();
    }
}
