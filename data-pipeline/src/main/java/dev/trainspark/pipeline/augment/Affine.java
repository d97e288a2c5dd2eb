package dev.trainspark.pipeline.augment;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * A random affine warp (op {@code affine}): rotation from [-degrees, degrees] (default 0), shift
 * per axis from [-shift, shift] times the image size (default 0.1, in [0, 1)), isotropic scale from
 * [scale_min, scale_max] (default 1 to 1), shear along x from [-shear, shear] degrees (default 0,
 * in [0, 60]); bilinear, zero fill, as torchvision's {@code RandomAffine}. Policies apply one of
 * shear x, shear y (up to 17 degrees), shift x or shift y (up to 45% of the size).
 */
public final class Affine {
    static final AugmentOpType TYPE = new AugmentOpType("affine", false, 1.0, Affine::parse, Affine::atMagnitude);

    private Affine() {
    }

    private static AugmentOp parse(OpParams params) {
        double degrees = params.between("degrees", 0, 0, 180);
        double shift = params.number("shift", 0.1);
        CONFIG.require(shift >= 0 && shift < 1, params.key("shift"), shift, "a fraction of the image size in [0, 1)");
        double scaleMin = params.positive("scale_min", 1);
        double scaleMax = params.positive("scale_max", 1);
        params.ordered("scale_min", scaleMin, "scale_max", scaleMax);
        double shear = params.between("shear", 0, 0, 60);
        return (pixels, shape, random) -> {
            double angle = AugmentOp.uniform(random, -degrees, degrees);
            double scale = AugmentOp.uniform(random, scaleMin, scaleMax);
            double dx = AugmentOp.uniform(random, -shift, shift) * shape.width();
            double dy = AugmentOp.uniform(random, -shift, shift) * shape.height();
            double sx = AugmentOp.uniform(random, -shear, shear);
            return AffineWarp.warp(pixels, shape, angle, sx, 0, scale, dx, dy);
        };
    }

    private static AugmentOp atMagnitude(double magnitude) {
        double shearDegrees = Math.toDegrees(Math.atan(0.3 * magnitude));
        double shift = 0.45 * magnitude;
        return (pixels, shape, random) -> switch (random.nextInt(4)) {
            case 0 -> AffineWarp.warp(pixels, shape, 0, AugmentOp.randomSign(random, shearDegrees), 0, 1, 0, 0);
            case 1 -> AffineWarp.warp(pixels, shape, 0, 0, AugmentOp.randomSign(random, shearDegrees), 1, 0, 0);
            case 2 -> AffineWarp.warp(pixels, shape, 0, 0, 0, 1, AugmentOp.randomSign(random, shift) * shape.width(), 0);
            default -> AffineWarp.warp(pixels, shape, 0, 0, 0, 1, 0, AugmentOp.randomSign(random, shift) * shape.height());
        };
    }
}
