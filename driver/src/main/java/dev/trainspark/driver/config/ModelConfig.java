package dev.trainspark.driver.config;

import dev.trainspark.models.Architecture;
import dev.trainspark.models.NetworkSpec;

/** Which network and optimiser (defaults: LeNet, Adam, learning rate 0.001, L2 0.0005). */
public record ModelConfig(String architecture, String updater, Double learningRate, Double l2) {
    public ModelConfig {
        architecture = architecture == null ? "lenet" : architecture;
        Architecture.fromConfigName(architecture);
        learningRate = learningRate == null ? 1e-3 : learningRate;
        l2 = l2 == null ? 5e-4 : l2;
        updater = NetworkSpec.checkOptimizer(updater, learningRate, l2);
    }
}
