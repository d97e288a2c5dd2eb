package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

/**
 * Rotation about the centre by an angle drawn from [-degrees, degrees] (op {@code rotation},
 * {@code degrees} in [0, 180], default 10), bilinear, zero fill. Policies rotate by up to 30 degrees.
 */
public final class Rotation {
    static final AugmentOpType TYPE = new AugmentOpType("rotation", false, 1.0, Rotation::parse,
            magnitude -> (pixels, shape, random) -> rotate(pixels, shape, AugmentOp.randomSign(random, 30 * magnitude)));

    private Rotation() {
    }

    private static AugmentOp parse(OpParams params) {
        double degrees = params.between("degrees", 10, 0, 180);
        return (pixels, shape, random) -> rotate(pixels, shape, AugmentOp.uniform(random, -degrees, degrees));
    }

    public static float[] rotate(float[] pixels, ImageShape shape, double degrees) {
        return AffineWarp.warp(pixels, shape, degrees, 0, 0, 1, 0, 0);
    }
}
