package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * TrivialAugment (Müller and Hutter 2021): one op drawn uniformly from the policy pool, at a
 * magnitude drawn uniformly from the 31 levels 0 to 30.
 *
 * @param pools the pool at each magnitude level
 */
public record TrivialAugment(List<List<AugmentOp>> pools) implements AugmentPolicy {
    public static TrivialAugment of(int channels) {
        List<List<AugmentOp>> pools = new ArrayList<>();
        for (int level = 0; level <= RandAugment.MAX_MAGNITUDE; level++) {
            pools.add(AugmentOps.policyPool(channels, level / (double) RandAugment.MAX_MAGNITUDE));
        }
        return new TrivialAugment(pools);
    }

    @Override
    public float[] apply(float[] pixels, ImageShape shape, SplittableRandom random) {
        List<AugmentOp> pool = pools.get(random.nextInt(pools.size()));
        return pool.get(random.nextInt(pool.size())).apply(pixels, shape, random);
    }
}
