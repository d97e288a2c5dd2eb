package dev.trainspark.pipeline.rebalance;

import dev.trainspark.pipeline.ParameterChecks;
import dev.trainspark.pipeline.BadDataException;

/**
 * Per-class loss weights from class sizes, indexed like the counts.
 * <ul>
 *   <li>{@link #inverseFrequency}: scikit-learn's {@code compute_class_weight("balanced")},
 *       {@code n / (k * n_c)}.</li>
 *   <li>{@link #effectiveNumber}: Cui et al. (CVPR 2019), {@code (1 - beta) / (1 - beta^n_c)}, the
 *       inverse of the effective number of samples, scaled so the weights sum to k.</li>
 * </ul>
 */
public final class ClassWeights {
    private ClassWeights() {
    }

    public static double[] inverseFrequency(long[] counts) {
        check(counts);
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        double[] w = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            w[i] = (double) n / ((double) counts.length * counts[i]);
        }
        return w;
    }

    public static double[] effectiveNumber(long[] counts, double beta) {
        ParameterChecks.CONFIG.fraction("rebalance.beta", beta);
        check(counts);
        double[] w = new double[counts.length];
        double sum = 0;
        double logBeta = Math.log(beta);
        for (int i = 0; i < counts.length; i++) {
            // 1 - beta^n as -expm1(n log beta): beta near 1 and large n would otherwise lose every digit.
            w[i] = (1 - beta) / -Math.expm1(counts[i] * logBeta);
            sum += w[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] *= counts.length / sum;
        }
        return w;
    }

    private static void check(long[] counts) {
        if (counts.length == 0) {
            throw new BadDataException("class weights need at least one class; the training set has none");
        }
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] <= 0) {
                throw new BadDataException("class #" + i + " has " + counts[i]
                        + " training rows; class weights need at least one row per class");
            }
        }
    }
}
