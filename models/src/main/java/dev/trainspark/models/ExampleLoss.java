package dev.trainspark.models;

import java.io.Serializable;
import java.util.List;

/**
 * The training loss of single examples from the network's output probabilities, as the output
 * layer computes it: {@code -w_y (1 - p_y)^gamma log p_y} (gamma 0 for cross-entropy), with
 * {@code w_y} the class weight times focal loss's alpha of the true class. What hard-example
 * selection ranks candidates by.
 */
public final class ExampleLoss implements Serializable {
    private static final double EPS = 1e-10;

    private final double gamma;
    private final double[] weights;

    private ExampleLoss(double gamma, double[] weights) {
        this.gamma = gamma;
        this.weights = weights;
    }

    public static ExampleLoss of(NetworkSpec spec) {
        double[] w = Losses.classWeights(spec);
        return new ExampleLoss(spec.loss().appliesFocal() ? spec.loss().gamma() : 0, w);
    }

    /**
     * @param probabilities the true class's predicted probability of each example
     * @param labels        the true class of each example
     */
    public double[] of(double[] probabilities, int[] labels) {
        double[] loss = new double[labels.length];
        for (int i = 0; i < loss.length; i++) {
            double p = Math.max(EPS, probabilities[i]);
            double l = -Math.log(p);
            if (gamma != 0) {
                l *= Math.pow(1 - Math.min(1, p), gamma);
            }
            loss[i] = weights == null ? l : weights[labels[i]] * l;
        }
        return loss;
    }

    static double[] toArray(List<Double> values) {
        return values.isEmpty() ? null : values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
