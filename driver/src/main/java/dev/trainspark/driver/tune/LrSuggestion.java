package dev.trainspark.driver.tune;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The learning rate a range test suggests, read from its smoothed loss curve.
 *
 * <p>The suggestion is the rate where the smoothed loss falls fastest against the logarithm of the
 * rate (Smith's reading of the test: the rate at which the network learns fastest, still well below
 * where training becomes unstable). Only the stretch from the {@value #SKIP_START}th iteration up to
 * the minimum of the smoothed loss is searched: the first iterations' average rests on few losses,
 * and after the minimum a drop is noise on the way to divergence, not learning. The other rule of
 * thumb, the rate of the minimum divided by 10 (fast.ai's first {@code lr_find}), is reported
 * alongside: it sits at the edge of instability by construction and says more about the network
 * than the minimum, so it is the second opinion, not the suggestion. When the loss never falls
 * (the minimum is at the first iteration), there is no descent to read and the suggestion falls
 * back to it.
 *
 * @param suggested       the suggestion
 * @param descended       whether the loss fell; false: {@code suggested} is the minimum's rate / 10
 * @param steepestIndex   the iteration of the steepest descent (-1 when it did not fall)
 * @param steepestRate    its rate (NaN when it did not fall)
 * @param slope           the smoothed loss's slope there, per decade of rate (negative)
 * @param minIndex        the iteration of the lowest smoothed loss
 * @param minRate         its rate
 * @param minLoss         the lowest smoothed loss
 */
public record LrSuggestion(double suggested, boolean descended, int steepestIndex, double steepestRate, double slope,
                           int minIndex, double minRate, double minLoss) {
    /** The iterations before this one are not searched for the steepest descent (when there are enough after). */
    public static final int SKIP_START = 10;

    /** fast.ai's rule of thumb: the rate of the lowest smoothed loss, a tenth of it. */
    public double minRateOverTen() {
        return minRate / 10;
    }

    /** The suggestion to two significant digits, written out without an exponent, as it goes into a config. */
    public String rounded() {
        return new BigDecimal(suggested).round(new MathContext(2)).stripTrailingZeros().toPlainString();
    }

    /**
     * @param rates     each iteration's learning rate, increasing
     * @param smoothed  each iteration's smoothed loss; from the first value that is not a finite number on,
     *                  the curve is ignored (a sweep that ended in NaN)
     * @throws IllegalArgumentException when fewer than two leading values are finite
     */
    public static LrSuggestion of(double[] rates, double[] smoothed) {
        if (rates.length != smoothed.length) {
            throw new IllegalArgumentException(rates.length + " rates but " + smoothed.length + " losses");
        }
        int n = 0;
        while (n < smoothed.length && Double.isFinite(smoothed[n])) {
            n++;
        }
        if (n < 2) {
            throw new IllegalArgumentException("a learning-rate curve needs at least 2 finite losses, got " + n);
        }
        int min = 0;
        for (int i = 1; i < n; i++) {
            if (smoothed[i] < smoothed[min]) {
                min = i;
            }
        }
        double[] slopes = slopesPerDecade(rates, smoothed, n);
        // Too short a stretch before the minimum to skip anything: search it all.
        int from = min >= SKIP_START + 2 ? SKIP_START : 0;
        int steepest = from;
        for (int i = from + 1; i <= min; i++) {
            if (slopes[i] < slopes[steepest]) {
                steepest = i;
            }
        }
        if (min == 0 || slopes[steepest] >= 0) {
            return new LrSuggestion(rates[min] / 10, false, -1, Double.NaN, Double.NaN, min, rates[min], smoothed[min]);
        }
        return new LrSuggestion(rates[steepest], true, steepest, rates[steepest], slopes[steepest], min, rates[min],
                smoothed[min]);
    }

    /**
     * The slope of the loss against log10 of the rate at each of the first {@code n} points: the
     * central difference inside, one-sided at the ends (numpy's {@code gradient} on the even grid of
     * log rates that an exponential ramp gives).
     */
    static double[] slopesPerDecade(double[] rates, double[] loss, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.log10(rates[i]);
        }
        double[] slopes = new double[n];
        for (int i = 0; i < n; i++) {
            int lo = Math.max(0, i - 1);
            int hi = Math.min(n - 1, i + 1);
            slopes[i] = (loss[hi] - loss[lo]) / (x[hi] - x[lo]);
        }
        return slopes;
    }
}
