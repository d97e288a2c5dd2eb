package dev.trainspark.driver.config;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.LossSpec;
import dev.trainspark.models.NetworkSpec;

import java.util.List;

/**
 * Which network, optimiser and loss (defaults: LeNet, Adam, learning rate 0.001, L2 0.0005,
 * cross-entropy; focal gamma 2, no focal alpha; width 1, the network as published).
 */
public record ModelConfig(String architecture, String updater, Double learningRate, Double l2, String loss,
                          Double focalGamma, List<Double> focalAlpha, Double width) {
    public ModelConfig {
        architecture = architecture == null ? "lenet" : architecture;
        Architecture.fromConfigName(architecture);
        width = width == null ? 1.0 : width;
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("model.width is " + width
                    + "; accepted: a finite number > 0 (a multiplier of every hidden layer's width)");
        }
        learningRate = learningRate == null ? 1e-3 : learningRate;
        l2 = l2 == null ? 5e-4 : l2;
        updater = NetworkSpec.checkOptimizer(updater, learningRate, l2);
        focalGamma = focalGamma == null ? 2.0 : focalGamma;
        focalAlpha = focalAlpha == null ? List.of() : List.copyOf(focalAlpha);
        loss = new LossSpec(loss, focalGamma, focalAlpha).kind();
        if (loss.equals(LossSpec.CLASS_BALANCED_FOCAL) && !focalAlpha.isEmpty()) {
            throw new IllegalArgumentException("model.focal_alpha is " + focalAlpha + " with model.loss class_balanced_focal; "
                    + "accepted: no focal_alpha there (its alpha is the effective-number weights of the class counts)");
        }
    }

    /** The loss; class_balanced_focal's alpha is filled in from the class counts by the trainer. */
    public LossSpec lossSpec() {
        return new LossSpec(loss, focalGamma, focalAlpha);
    }
}
