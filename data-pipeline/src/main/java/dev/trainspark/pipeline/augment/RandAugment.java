package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.List;
import java.util.SplittableRandom;

/**
 * RandAugment (Cubuk et al. 2020): {@code n} ops drawn uniformly with replacement from the policy
 * pool (identity and every op with a magnitude form), each applied at magnitude {@code m} of 30,
 * as torchvision's {@code RandAugment(num_ops, magnitude, num_magnitude_bins=31)}.
 */
public record RandAugment(int n, int m, List<AugmentOp> pool) implements AugmentPolicy {
    public static final int MAX_MAGNITUDE = 30;

    public static RandAugment of(int n, int m, int channels) {
        return new RandAugment(n, m, AugmentOps.policyPool(channels, m / (double) MAX_MAGNITUDE));
    }

    @Override
    public float[] apply(float[] pixels, ImageShape shape, SplittableRandom random) {
        float[] out = pixels;
        for (int i = 0; i < n; i++) {
            out = pool.get(random.nextInt(pool.size())).apply(out, shape, random);
        }
        return out;
    }
}
