package dev.trainspark.driver.config;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.LossSpec;
import dev.trainspark.models.OptimizerSpec;

import java.util.List;

/**
 * Which network, optimiser and loss (defaults: LeNet, Adam, learning rate 0.001, L2 0.0005 (0 with
 * weight decay), momentum 0.9, no L1, weight decay 0 (adamw: 0.01), a constant rate, the
 * architecture's weight initialisation, no dropout, no gradient clipping; cross-entropy; focal gamma
 * 2, no focal alpha; width 1, the network as published). See {@link OptimizerSpec} for what each optimiser setting does.
 */
public record ModelConfig(String architecture, String updater, Double learningRate, Double l2, String loss,
                          Double focalGamma, List<Double> focalAlpha, Double momentum, Double weightDecay, Double l1,
                          ScheduleConfig schedule, String weightInit, Double dropout, Double gradientClip,
                          Double width) {
    public ModelConfig {
        architecture = architecture == null ? "lenet" : architecture;
        Architecture.fromConfigName(architecture);
        width = width == null ? 1.0 : width;
        if (!(width > 0) || Double.isInfinite(width)) {
            throw new IllegalArgumentException("model.width is " + width
                    + "; accepted: a finite number > 0 (a multiplier of every hidden layer's width)");
        }
        learningRate = learningRate == null ? 1e-3 : learningRate;
        weightDecay = weightDecay == null ? OptimizerSpec.defaultWeightDecay(updater) : weightDecay;
        // L2 and decoupled weight decay do not go together in DL4J: with weight decay, L2 defaults to none.
        l2 = l2 == null ? (weightDecay > 0 ? 0 : 5e-4) : l2;
        momentum = momentum == null ? OptimizerSpec.DEFAULT_MOMENTUM : momentum;
        l1 = l1 == null ? 0.0 : l1;
        schedule = schedule == null ? ScheduleConfig.constant() : schedule;
        dropout = dropout == null ? 0.0 : dropout;
        gradientClip = gradientClip == null ? 0.0 : gradientClip;
        OptimizerSpec optimizer = optimizer(updater, learningRate, l2, l1, momentum, weightDecay, schedule, weightInit, dropout,
                gradientClip);
        updater = optimizer.updater();
        weightInit = optimizer.weightInit();
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

    /** The optimiser settings; a schedule that ends with the run gets its length from the trainer. */
    public OptimizerSpec optimizerSpec() {
        return optimizer(updater, learningRate, l2, l1, momentum, weightDecay, schedule, weightInit, dropout, gradientClip);
    }

    private static OptimizerSpec optimizer(String updater, double learningRate, double l2, double l1, double momentum,
                                           double weightDecay, ScheduleConfig schedule, String weightInit, double dropout,
                                           double gradientClip) {
        return new OptimizerSpec(updater, learningRate, l2, l1, momentum, weightDecay, schedule.spec(), weightInit, dropout,
                gradientClip);
    }
}
