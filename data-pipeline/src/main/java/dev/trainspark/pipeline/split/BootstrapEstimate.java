package dev.trainspark.pipeline.split;

/**
 * The .632 and .632+ bootstrap estimates of prediction error (Efron and Tibshirani, 1997).
 *
 * <p>Inputs: the resubstitution error {@code err} (the model fitted on all rows, scored on the same
 * rows), the out-of-bag error {@code err1} (models fitted on bootstrap samples, scored on the rows
 * each sample left out) and the resubstitution confusion counts (rows: true class, columns:
 * predicted class). From the counts, p_k and q_k are the observed and predicted proportions of
 * class k, and the no-information error rate is {@code gamma = sum_k p_k (1 - q_k)}.
 *
 * <ul>
 *   <li>{@code err632 = 0.368 err + 0.632 err1}.</li>
 *   <li>{@code err1' = min(err1, gamma)}.</li>
 *   <li>Relative overfitting rate {@code R' = (err1' - err) / (gamma - err)} when
 *       {@code err1 > err} and {@code gamma > err}, else 0 (no overfitting is measurable); with
 *       err1' in the numerator R' lies in [0, 1], and it is clipped there against rounding.</li>
 *   <li>{@code err632+ = err632 + (err1' - err) * 0.368 * 0.632 R' / (1 - 0.368 R')}, the
 *       paper's equation (32). With weight {@code w = 0.632 / (1 - 0.368 R')} this equals
 *       {@code (1 - w) err + w err1'} whenever err1 does not exceed gamma; when it does, R' = 1 and
 *       the estimate is {@code 0.632 err1 + 0.368 gamma}.</li>
 * </ul>
 */
public record BootstrapEstimate(double resubstitutionError, double outOfBagError, double noInformationError,
                                double relativeOverfitting, double weight, double err632, double err632Plus) {

    public static BootstrapEstimate of(double resubstitutionError, double outOfBagError, long[][] confusion) {
        checkRate("resubstitution error", resubstitutionError);
        checkRate("out-of-bag error", outOfBagError);
        double gamma = noInformationError(confusion);
        double err = resubstitutionError;
        double err1 = outOfBagError;
        double err632 = 0.368 * err + 0.632 * err1;
        double err1Clipped = Math.min(err1, gamma);
        double r = err1 > err && gamma > err ? (err1Clipped - err) / (gamma - err) : 0;
        r = Math.max(0, Math.min(1, r));
        double w = 0.632 / (1 - 0.368 * r);
        double plus = err632 + (err1Clipped - err) * (0.368 * 0.632 * r) / (1 - 0.368 * r);
        return new BootstrapEstimate(err, err1, gamma, r, w, err632, plus);
    }

    /** gamma = sum_k p_k (1 - q_k) from the confusion counts (true class by row, predicted by column). */
    public static double noInformationError(long[][] confusion) {
        int classes = confusion.length;
        double[] actual = new double[classes];
        double[] predicted = new double[classes];
        double total = 0;
        for (int i = 0; i < classes; i++) {
            if (confusion[i].length != classes) {
                throw new IllegalArgumentException("confusion counts must be square; row " + i + " has "
                        + confusion[i].length + " entries for " + classes + " classes");
            }
            for (int j = 0; j < classes; j++) {
                if (confusion[i][j] < 0) {
                    throw new IllegalArgumentException("confusion count [" + i + "][" + j + "] is " + confusion[i][j]
                            + "; accepted: a count >= 0");
                }
                actual[i] += confusion[i][j];
                predicted[j] += confusion[i][j];
                total += confusion[i][j];
            }
        }
        if (total == 0) {
            throw new IllegalArgumentException("confusion counts are all zero; accepted: at least one scored row");
        }
        double gamma = 0;
        for (int k = 0; k < classes; k++) {
            gamma += (actual[k] / total) * (1 - predicted[k] / total);
        }
        return gamma;
    }

    private static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " is " + rate + "; accepted: a rate in [0, 1]");
        }
    }
}
