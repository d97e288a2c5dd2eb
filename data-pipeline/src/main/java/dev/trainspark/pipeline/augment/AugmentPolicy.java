package dev.trainspark.pipeline.augment;

import dev.trainspark.pipeline.image.ImageShape;

import java.io.Serializable;
import java.util.SplittableRandom;

/** An automatic augmentation policy over the registered ops ({@code augment.policy}). */
public interface AugmentPolicy extends Serializable {
    float[] apply(float[] pixels, ImageShape shape, SplittableRandom random);
}
