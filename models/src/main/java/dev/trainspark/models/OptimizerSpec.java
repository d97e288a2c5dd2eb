package dev.trainspark.models;

import java.io.Serializable;
import java.util.Locale;

/**
 * How the network's parameters are updated: the optimiser, its learning rate and the weight
 * penalties. One record, so every network definition applies the same settings the same way
 * (through {@link NetworkBase}).
 *
 * @param updater       optimiser name: adam, sgd or nesterovs
 * @param learningRate  step size, positive
 * @param l2            L2 weight decay, zero or positive
 */
public record OptimizerSpec(String updater, double learningRate, double l2) implements Serializable {
    public OptimizerSpec {
        String name = updater == null ? "adam" : updater.toLowerCase(Locale.ROOT);
        if (!name.equals("adam") && !name.equals("sgd") && !name.equals("nesterovs")) {
            throw new IllegalArgumentException("model.updater is '" + updater + "'; accepted: adam, sgd, nesterovs");
        }
        updater = name;
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("model.learning_rate is " + learningRate + "; accepted: a finite number > 0");
        }
        if (!(l2 >= 0) || Double.isInfinite(l2)) {
            throw new IllegalArgumentException("model.l2 is " + l2 + "; accepted: a finite number >= 0");
        }
    }
}
