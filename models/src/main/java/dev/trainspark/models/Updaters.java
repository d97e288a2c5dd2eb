package dev.trainspark.models;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/** Maps a validated {@link OptimizerSpec} to DL4J's updater configuration. */
final class Updaters {
    private Updaters() {
    }

    static IUpdater of(OptimizerSpec optimizer) {
        return switch (optimizer.updater()) {
            case "adam" -> new Adam(optimizer.learningRate());
            case "nesterovs" -> new Nesterovs(optimizer.learningRate(), 0.9);
            default -> new Sgd(optimizer.learningRate());
        };
    }
}
