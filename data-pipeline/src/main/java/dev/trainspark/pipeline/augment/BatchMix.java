package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A batch-level mix ({@code augment.mix}): every image of a minibatch is blended with a partner
 * from the same minibatch, and its label row with the partner's in the same proportion, so soft
 * labels reach the loss.
 */
public interface BatchMix extends Serializable {
    /**
     * Mixes in place.
     *
     * @param features {@code n} images, channel-first, one after another
     * @param labels   {@code n} rows of {@code numClasses} label weights (one-hot or already soft)
     */
    void mix(float[] features, float[] labels, int n, ImageShape shape, int numClasses, SplittableRandom random);

    /**
     * Image i's partner is {@code (i + shift) mod n} for one shift drawn from 1 to n - 1, so no image
     * is paired with itself; -1 when there is nothing to pair (n < 2).
     */
    static int partnerShift(int n, SplittableRandom random) {
        return n < 2 ? -1 : 1 + random.nextInt(n - 1);
    }

    /** The method of that name at {@code alpha}; null for {@code none}. */
    static BatchMix named(String name, double alpha) {
        return switch (name) {
            case "none" -> null;
            case "mixup" -> new Mixup(alpha);
            case "cutmix" -> new CutMix(alpha);
            case "sample_pairing" -> new SamplePairing();
            default -> throw new IllegalArgumentException("augment.mix is '" + name + "'; accepted: none, mixup, cutmix, sample_pairing");
        };
    }
}
