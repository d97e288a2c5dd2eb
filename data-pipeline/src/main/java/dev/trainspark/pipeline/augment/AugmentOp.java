package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * One augmentation with its parameters fixed, applied to channel-first pixels in [0, 1]. Every
 * random choice comes from the generator it is handed, so the caller decides what an image's
 * draws derive from (seed, epoch, row id, copy).
 */
@FunctionalInterface
public interface AugmentOp extends Serializable {
    /** Leaves the pixels as they are (RandAugment's and TrivialAugment's identity choice). */
    AugmentOp IDENTITY = (pixels, shape, random) -> pixels;

    /**
     * @param pixels the image, owned by the caller: an op may change it in place and return it
     * @return the augmented image, of the same shape
     */
    float[] apply(float[] pixels, ImageShape shape, SplittableRandom random);

    /** {@code magnitude} with a random sign, as policies apply a signed op at a fixed strength. */
    static double randomSign(SplittableRandom random, double magnitude) {
        return random.nextBoolean() ? magnitude : -magnitude;
    }

    /** Uniform in [lo, hi]; exactly lo when the range is empty, without a draw. */
    static double uniform(SplittableRandom random, double lo, double hi) {
        return lo == hi ? lo : lo + (hi - lo) * random.nextDouble();
    }

    static float clamp(double v) {
        return v < 0 ? 0f : v > 1 ? 1f : (float) v;
    }
}
