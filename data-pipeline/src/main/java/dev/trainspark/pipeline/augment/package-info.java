/**
 * Seeded image augmentation on decoded channel-first pixels in [0, 1], applied on the executors
 * where the pixels are used: the same seed gives the same image on any worker. One file per op,
 * each declaring its {@link dev.trainspark.pipeline.augment.AugmentOpType}, listed in
 * {@link dev.trainspark.pipeline.augment.AugmentOps}; the policies RandAugment and TrivialAugment
 * draw from the same ops; batch mixes (mixup, CutMix, SamplePairing) blend a minibatch and its
 * labels; {@link dev.trainspark.pipeline.augment.AugmentPipeline} is the {@code augment} section
 * made runnable. {@link dev.trainspark.pipeline.augment.RandomAffine} is the fixed warp behind
 * {@code rebalance.augment: affine}, applied to duplicate rows when they are decoded.
 */
package dev.trainspark.pipeline.augment;
