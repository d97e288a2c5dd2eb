package dev.trainspark.models;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;

/** Maps the validated updater name of a {@link NetworkSpec} to DL4J's updater configuration. */
final class Updaters {
    private Updaters() {
    }

    static IUpdater of(NetworkSpec spec) {
        return switch (spec.updater()) {
            case "adam" -> new Adam(spec.learningRate());
            case "nesterovs" -> new Nesterovs(spec.learningRate(), 0.9);
            default -> new Sgd(spec.learningRate());
        };
    }
}
