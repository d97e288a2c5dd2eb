package dev.trainspark.driver.train;

import dev.trainspark.models.NetworkSpec;

import java.util.List;
import java.util.Optional;

/**
 * The training loss an untrained network should show, and the warning when the first round is far
 * from it.
 *
 * <p>A freshly initialised softmax classifier gives every class about {@code 1/C}, so each example
 * costs {@code ln C} under cross-entropy, also with mixed or smoothed labels (their masses sum to
 * one). Focal loss multiplies that by {@code (1 - 1/C)^gamma}. Class weights and focal alpha scale
 * each example by the factor of its class, so the mean is {@code ln C} times the example-weighted
 * mean factor of the rows actually fitted. The first round's mean also holds a few updates and the
 * weight penalty, which move it by well under a factor of two in a healthy run, whereas the usual
 * faults move it further: unscaled pixels give logits in the tens or hundreds, labels that do not
 * match the outputs give losses near zero or far above {@code ln C}.
 *
 * @param expected the expected initial loss
 * @param classes  the number of classes
 * @param factor   the ratio, either way, beyond which the first round is reported
 */
record InitialLoss(double expected, int classes, double factor) {

    /**
     * @param spec      the network, with its loss, class weights and focal alpha
     * @param perClass  rows fitted per class, in class order
     */
    static InitialLoss of(NetworkSpec spec, long[] perClass, double factor) {
        return new InitialLoss(expectedLoss(spec, perClass), spec.numClasses(), factor);
    }

    /** The mean loss of an untrained network on rows with these class counts (class order). */
    static double expectedLoss(NetworkSpec spec, long[] perClass) {
        int classes = spec.numClasses();
        double perExample = Math.log(classes);
        if (spec.loss().appliesFocal()) {
            perExample *= Math.pow(1 - 1.0 / classes, spec.loss().gamma());
        }
        double[] weights = new double[classes];
        for (int c = 0; c < classes; c++) {
            weights[c] = factor(spec.classWeights(), c) * (spec.loss().appliesFocal() ? factor(spec.loss().alpha(), c) : 1);
        }
        double weighted = 0;
        long rows = 0;
        for (int c = 0; c < classes && c < perClass.length; c++) {
            weighted += perClass[c] * weights[c];
            rows += perClass[c];
        }
        return rows == 0 ? perExample : perExample * weighted / rows;
    }

    private static double factor(List<Double> perClass, int c) {
        return perClass.isEmpty() ? 1 : perClass.get(c);
    }

    /** The warning for a first round whose mean loss is {@code loss}; empty when it is within the factor. */
    Optional<String> warning(double loss) {
        if (Double.isFinite(loss) && loss <= expected * factor && loss >= expected / factor) {
            return Optional.empty();
        }
        String direction = !Double.isFinite(loss) ? "not finite" : loss > expected ? "too high" : "too low";
        return Optional.of(String.format("warning: initial loss %.4f is %s: an untrained network should show about %.4f "
                        + "(ln C for %d classes, with this loss and its class weights; train.sanity_factor %s); likely causes: "
                        + "labels that do not match the outputs, wrong input scaling, a loss that does not fit the output "
                        + "activation, extreme class weights, or a learning rate far too high",
                loss, direction, expected, classes, factor));
    }
}
