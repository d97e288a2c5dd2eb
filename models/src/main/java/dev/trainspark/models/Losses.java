package dev.trainspark.models;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/** The output-layer loss a specification asks for: cross-entropy, class-weighted when weights are given. */
final class Losses {
    private Losses() {
    }

    static ILossFunction outputLoss(NetworkSpec spec) {
        if (spec.classWeights().isEmpty()) {
            return new LossMCXENT();
        }
        double[] w = spec.classWeights().stream().mapToDouble(Double::doubleValue).toArray();
        // Weighted cross-entropy scales each example's loss (and gradient) by the weight of its true
        // class, which is how class-balanced losses re-weight rare classes without resampling.
        return new LossMCXENT(Nd4j.create(w).reshape(1, w.length));
    }
}
