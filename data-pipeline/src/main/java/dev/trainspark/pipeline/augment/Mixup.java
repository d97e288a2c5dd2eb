package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.SplittableRandom;

/**
 * mixup (Zhang et al. 2018): one lambda ~ Beta(alpha, alpha) per minibatch; every image becomes
 * {@code lambda x_i + (1 - lambda) x_partner}, and its labels likewise.
 */
public record Mixup(double alpha) implements BatchMix {
    @Override
    public void mix(float[] features, float[] labels, int n, ImageShape shape, int numClasses, SplittableRandom random) {
        int shift = BatchMix.partnerShift(n, random);
        if (shift < 0) {
            return;
        }
        float lambda = (float) BetaDistribution.sample(alpha, alpha, random);
        blend(features, n, shape.size(), shift, lambda);
        blend(labels, n, numClasses, shift, lambda);
    }

    /** Row i becomes {@code lambda row_i + (1 - lambda) row_(i + shift mod n)}, from the rows as they were. */
    static void blend(float[] rows, int n, int width, int shift, float lambda) {
        float[] before = rows.clone();
        for (int i = 0; i < n; i++) {
            int self = i * width;
            int other = ((i + shift) % n) * width;
            for (int k = 0; k < width; k++) {
                rows[self + k] = lambda * before[self + k] + (1 - lambda) * before[other + k];
            }
        }
    }
}
