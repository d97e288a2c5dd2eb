package dev.trainspark.models;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;

/**
 * Everything needed to build the same network on the driver and on every executor.
 *
 * @param architecture  which network definition to build
 * @param height        input height in pixels
 * @param width         input width in pixels
 * @param channels      1 (grayscale) or 3 (RGB)
 * @param numClasses    number of output classes, at least 2
 * @param optimizer     optimiser, learning rate and schedule, weight penalties, initialisation, dropout, clipping
 * @param seed          weight-initialisation seed
 * @param classWeights  per-class weights of the loss, one per class; empty = unweighted
 * @param loss          cross-entropy or focal loss; null = cross-entropy (model folders written before it existed)
 * @param widthMultiplier scales every hidden layer's width (filters, units), at least one of each; 1 = the
 *                      architecture as published
 * @param inferenceOnly the architecture with every batch normalization folded into the convolution or dense
 *                      layer before it ({@link BatchNormFolding}): it predicts as the trained network does but
 *                      has no statistics left to train; false in model folders written before it existed
 */
public record NetworkSpec(Architecture architecture, int height, int width, int channels, int numClasses,
                          OptimizerSpec optimizer, long seed, List<Double> classWeights, LossSpec loss,
                          double widthMultiplier, boolean inferenceOnly) implements Serializable {

    /** A trainable network. */
    public NetworkSpec(Architecture architecture, int height, int width, int channels, int numClasses,
                       OptimizerSpec optimizer, long seed, List<Double> classWeights, LossSpec loss,
                       double widthMultiplier) {
        this(architecture, height, width, channels, numClasses, optimizer, seed, classWeights, loss, widthMultiplier,
                false);
    }

    /** Full width. */
    public NetworkSpec(Architecture architecture, int height, int width, int channels, int numClasses,
                       String updater, double learningRate, double l2, long seed,
                       List<Double> classWeights, LossSpec loss) {
        this(architecture, height, width, channels, numClasses, new OptimizerSpec(updater, learningRate, l2), seed,
                classWeights, loss, 1.0);
    }

    /** Cross-entropy, weighted by {@code classWeights}. */
    public NetworkSpec(Architecture architecture, int height, int width, int channels, int numClasses,
                       String updater, double learningRate, double l2, long seed, List<Double> classWeights) {
        this(architecture, height, width, channels, numClasses, updater, learningRate, l2, seed, classWeights, null);
    }

    /** An unweighted loss. */
    public NetworkSpec(Architecture architecture, int height, int width, int channels, int numClasses,
                       String updater, double learningRate, double l2, long seed) {
        this(architecture, height, width, channels, numClasses, updater, learningRate, l2, seed, List.of());
    }

    public NetworkSpec {
        if (architecture == null) {
            throw new IllegalArgumentException("model.architecture is missing; accepted: " + Architecture.names());
        }
        requirePositive("data.image.height", height);
        requirePositive("data.image.width", width);
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("data.image.channels is " + channels + "; accepted: 1 or 3");
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("the dataset has " + numClasses + " class(es); a classifier needs at least 2");
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("the network has no optimiser settings (model.updater, model.learning_rate)");
        }
        if (!(widthMultiplier > 0) || Double.isInfinite(widthMultiplier)) {
            throw new IllegalArgumentException("model.width is " + widthMultiplier + "; accepted: a finite number > 0");
        }
        classWeights = classWeights == null ? List.of() : List.copyOf(classWeights);
        if (!classWeights.isEmpty() && classWeights.size() != numClasses) {
            throw new IllegalArgumentException("got " + classWeights.size() + " class weights for " + numClasses
                    + " classes; accepted: one weight per class");
        }
        for (double w : classWeights) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("a class weight is " + w + "; accepted: finite numbers > 0");
            }
        }
        loss = loss == null ? LossSpec.crossEntropy() : loss;
        if (!loss.alpha().isEmpty() && loss.alpha().size() != numClasses) {
            throw new IllegalArgumentException("model.focal_alpha has " + loss.alpha().size() + " values for " + numClasses
                    + " classes; accepted: one value per class");
        }
    }

    /** The same network with a class-weighted loss. */
    public NetworkSpec withClassWeights(List<Double> weights) {
        return new NetworkSpec(architecture, height, width, channels, numClasses, optimizer, seed, weights, loss,
                widthMultiplier, inferenceOnly);
    }

    /** The same network with another loss. */
    public NetworkSpec withLoss(LossSpec newLoss) {
        return new NetworkSpec(architecture, height, width, channels, numClasses, optimizer, seed, classWeights, newLoss,
                widthMultiplier, inferenceOnly);
    }

    /** The same network with its batch normalization folded away, for inference only. */
    public NetworkSpec asInferenceOnly() {
        return new NetworkSpec(architecture, height, width, channels, numClasses, optimizer, seed, classWeights, loss,
                widthMultiplier, true);
    }

    /** The same network trained with other optimiser settings. */
    public NetworkSpec withOptimizer(OptimizerSpec newOptimizer) {
        return new NetworkSpec(architecture, height, width, channels, numClasses, newOptimizer, seed, classWeights, loss,
                widthMultiplier, inferenceOnly);
    }

    /**
     * The same network with a learning-rate schedule that ends with a run of {@code iterations}
     * minibatches (when it ends with the run and has no length of its own).
     */
    public NetworkSpec withRunLength(int iterations) {
        OptimizerSpec resolved = optimizer.withRunLength(iterations);
        return resolved == optimizer ? this : withOptimizer(resolved);
    }

    /**
     * The same network trained at another learning rate, e.g. lowered after training diverged. The
     * updater's rate is part of the network configuration, so a network built from this spec (and
     * cached under it) uses the new rate.
     */
    public NetworkSpec withLearningRate(double rate) {
        return withOptimizer(optimizer.withLearningRate(rate));
    }

    public String updater() {
        return optimizer.updater();
    }

    public double learningRate() {
        return optimizer.learningRate();
    }

    public double l2() {
        return optimizer.l2();
    }

    /** A hidden layer's width at this spec's multiplier: {@code round(base x multiplier)}, at least 1. */
    public int scaled(int base) {
        return Math.max(1, (int) Math.round(base * widthMultiplier));
    }

    private static void requirePositive(String key, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + " is " + value + "; accepted: an integer > 0");
        }
    }

    /** Number of input values per example (channels x height x width). */
    public int inputSize() {
        return channels * height * width;
    }
}
