package dev.trainspark.models;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The output-layer loss a specification asks for: cross-entropy, class-weighted when weights are
 * given, or focal loss with the class weights times its alpha.
 */
final class Losses {
    private Losses() {
    }

    static ILossFunction outputLoss(NetworkSpec spec) {
        if (spec.loss().appliesFocal()) {
            return new FocalLoss(spec.loss().gamma(), classWeights(spec));
        }
        if (spec.classWeights().isEmpty()) {
            return new LossMCXENT();
        }
        double[] w = spec.classWeights().stream().mapToDouble(Double::doubleValue).toArray();
        // Weighted cross-entropy scales each example's loss (and gradient) by the weight of its true
        // class, which is how class-balanced losses re-weight rare classes without resampling.
        return new LossMCXENT(Nd4j.create(w).reshape(1, w.length));
    }

    /** Per-class factors of the loss: class weights times focal alpha; null when all are 1. */
    static double[] classWeights(NetworkSpec spec) {
        double[] w = ExampleLoss.toArray(spec.classWeights());
        double[] alpha = spec.loss().appliesFocal() ? ExampleLoss.toArray(spec.loss().alpha()) : null;
        if (alpha == null) {
            return w;
        }
        if (w == null) {
            return alpha;
        }
        double[] product = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            product[i] = w[i] * alpha[i];
        }
        return product;
    }
}
