package dev.trainspark.workers.fit;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.random.DerivedSeed;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Assembles a training minibatch from the cached, un-augmented samples, augmenting every image as
 * it goes: each image's draws follow from (seed, epoch, row id, copy 0) alone, so a row looks the
 * same whatever partition or minibatch it lands in, and on resume, yet differs from epoch to epoch;
 * the batch mix (if any) draws from (seed, epoch, partition, minibatch index). With nothing to do it
 * assembles exactly what {@link Minibatch#of(List, int, int, int, int)} does.
 */
public final class BatchAugmenter implements Serializable {
    private static final long MIX_SALT = 0x313C0000L;

    private final AugmentPipeline pipeline;
    private final long seed;

    public BatchAugmenter(AugmentPipeline pipeline, long seed) {
        this.pipeline = pipeline;
        this.seed = seed;
    }

    /** Leaves every image and label as decoded. */
    public static BatchAugmenter none() {
        return new BatchAugmenter(AugmentPipeline.NONE, 0);
    }

    public boolean isActive() {
        return pipeline.augmentsImages() || pipeline.mix() != null;
    }

    /** One row's augmented pixels in {@code epoch}: what that row contributes to any minibatch. */
    public float[] augment(Sample sample, ImageShape shape, int epoch) {
        return pipeline.augmentsImages()
                ? pipeline.apply(sample.pixels(), shape, DerivedSeed.ofAugmentation(seed, epoch, sample.id(), 0))
                : sample.pixels();
    }

    /**
     * @param batchIndex the minibatch's index within the partition's epoch
     */
    public Minibatch minibatch(List<Sample> samples, NetworkSpec spec, RoundPlan plan, int partition, int batchIndex) {
        if (!isActive()) {
            return Minibatch.of(samples, spec.channels(), spec.height(), spec.width(), spec.numClasses());
        }
        ImageShape shape = new ImageShape(spec.height(), spec.width(), spec.channels());
        int n = samples.size();
        int per = shape.size();
        int k = spec.numClasses();
        float[] features = new float[n * per];
        float[] labels = new float[n * k];
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            System.arraycopy(augment(s, shape, plan.epoch()), 0, features, i * per, per);
            labels[i * k + s.label()] = 1f;
        }
        if (pipeline.mix() != null) {
            pipeline.mix().mix(features, labels, n, shape, k, new SplittableRandom(plan.streamSeed(partition, MIX_SALT + batchIndex)));
        }
        return Minibatch.of(features, labels, n, spec.channels(), spec.height(), spec.width(), k);
    }
}
