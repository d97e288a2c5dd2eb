package dev.trainspark.models;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;

/**
 * The settings every network definition shares (seed, optimiser, weight penalties, weight
 * initialisation), applied in one place so a new architecture cannot forget one.
 */
public final class NetworkBase {
    private NetworkBase() {
    }

    /**
     * @param defaultInit the architecture's own weight initialisation
     */
    public static NeuralNetConfiguration.Builder builder(NetworkSpec spec, WeightInit defaultInit) {
        OptimizerSpec optimizer = spec.optimizer();
        return new NeuralNetConfiguration.Builder()
                .seed(spec.seed())
                .l2(optimizer.l2())
                .weightInit(defaultInit)
                .updater(Updaters.of(optimizer));
    }
}
