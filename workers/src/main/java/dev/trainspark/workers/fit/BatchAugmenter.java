package dev.trainspark.workers.fit;

import dev.trainspark.models.NetworkSpec;
import dev.trainspark.pipeline.augment.AugmentPipeline;
import dev.trainspark.pipeline.image.ImageShape;
import dev.trainspark.pipeline.random.DerivedSeed;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Assembles a training minibatch from the cached, un-augmented samples, augmenting every image as
 * it goes: each image's draws follow from (seed, epoch, row id, copy 0) alone, so a row looks the
 * same whatever partition or minibatch it lands in, and on resume, yet differs from epoch to epoch;
 * the batch mix (if any) draws from (seed, epoch, partition, minibatch index). With nothing to do it
 * assembles exactly what {@link Minibatch#of(List, int, int, int, int)} does. Assembly builds plain
 * arrays only, so it may run ahead of the fit on another thread.
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
        return assemble(samples, spec, plan, partition, batchIndex)
                .wrap(spec.channels(), spec.height(), spec.width(), spec.numClasses());
    }

    /**
     * The minibatch as plain arrays: touches no ND4J state, so the prefetch thread may call it.
     *
     * @param batchIndex the minibatch's index within the partition's epoch
     */
    public MinibatchArrays assemble(List<Sample> samples, NetworkSpec spec, RoundPlan plan, int partition, int batchIndex) {
        ImageShape shape = shapeOf(spec);
        List<float[]> pixels = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            pixels.add(augment(s, shape, plan.epoch()));
        }
        return mix(samples, pixels, spec, plan, partition, batchIndex);
    }

    /**
     * The minibatch of rows whose augmented pixels were made already (by {@link #augment}), mixed as
     * {@link #assemble} mixes them.
     *
     * @param augmented each sample's augmented pixels, in the same order
     */
    public MinibatchArrays mix(List<Sample> samples, List<float[]> augmented, NetworkSpec spec, RoundPlan plan,
                               int partition, int batchIndex) {
        ImageShape shape = shapeOf(spec);
        int n = samples.size();
        int per = shape.size();
        int k = spec.numClasses();
        float[] features = new float[n * per];
        float[] labels = new float[n * k];
        for (int i = 0; i < n; i++) {
            System.arraycopy(augmented.get(i), 0, features, i * per, per);
            labels[i * k + samples.get(i).label()] = 1f;
        }
        if (pipeline.mix() != null) {
            pipeline.mix().mix(features, labels, n, shape, k, new SplittableRandom(plan.streamSeed(partition, MIX_SALT + batchIndex)));
        }
        return new MinibatchArrays(features, labels, n);
    }

    static ImageShape shapeOf(NetworkSpec spec) {
        return new ImageShape(spec.height(), spec.width(), spec.channels());
    }
}
