package dev.trainspark.pipeline.augment;

import java.util.SplittableRandom;

/**
 * Adds independent Gaussian noise of standard deviation {@code std} (op {@code gaussian_noise},
 * {@code std} >= 0, default 0.05) to every pixel, clipped to [0, 1]. Policies use up to 0.2.
 */
public final class GaussianNoise {
    static final AugmentOpType TYPE = new AugmentOpType("gaussian_noise", false, 1.0, GaussianNoise::parse,
            magnitude -> (pixels, shape, random) -> add(pixels, 0.2 * magnitude, random));

    private GaussianNoise() {
    }

    private static AugmentOp parse(OpParams params) {
        double std = params.nonNegative("std", 0.05);
        return (pixels, shape, random) -> add(pixels, std, random);
    }

    public static float[] add(float[] pixels, double std, SplittableRandom random) {
        if (std == 0) {
            return pixels;
        }
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = AugmentOp.clamp(pixels[i] + std * random.nextGaussian());
        }
        return pixels;
    }
}
