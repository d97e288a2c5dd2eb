package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.util.SplittableRandom;

/**
 * SamplePairing (Inoue 2018): every image becomes the pixel average of itself and a partner from
 * the minibatch, and keeps its own label.
 */
public record SamplePairing() implements BatchMix {
    @Override
    public void mix(float[] features, float[] labels, int n, ImageShape shape, int numClasses, SplittableRandom random) {
        int shift = BatchMix.partnerShift(n, random);
        if (shift >= 0) {
            Mixup.blend(features, n, shape.size(), shift, 0.5f);
        }
    }
}
