package dev.trainspark.workers.lrrange;

import java.io.Serializable;

/**
 * The loss of a range test smoothed over iterations, and its divergence rule, as fast.ai's
 * {@code lr_find} has them: an exponential moving average with bias correction (the average of the
 * first iterations is not pulled towards its zero start), and a sweep that stops once the smoothed
 * loss is above {@value #DIVERGENCE_FACTOR} times the lowest it has been, or is no longer a number.
 *
 * @param average  the running average before bias correction
 * @param steps    losses seen
 * @param best     the lowest smoothed loss so far (infinity before the first)
 */
public record SmoothedLoss(double average, int steps, double best) implements Serializable {
    /** Weight of the past in the moving average: about the last 50 iterations count. */
    public static final double BETA = 0.98;
    public static final double DIVERGENCE_FACTOR = 4;

    public static SmoothedLoss start() {
        return new SmoothedLoss(0, 0, Double.POSITIVE_INFINITY);
    }

    /** The state after one more iteration's loss. */
    public SmoothedLoss next(double loss) {
        double average = BETA * this.average + (1 - BETA) * loss;
        int steps = this.steps + 1;
        double value = corrected(average, steps);
        return new SmoothedLoss(average, steps, Double.isFinite(value) ? Math.min(best, value) : best);
    }

    /** The bias-corrected smoothed loss (NaN before the first loss). */
    public double value() {
        return steps == 0 ? Double.NaN : corrected(average, steps);
    }

    /** The loss at which the sweep counts as diverged: {@value #DIVERGENCE_FACTOR} times the lowest smoothed loss. */
    public double limit() {
        return DIVERGENCE_FACTOR * best;
    }

    public boolean diverged() {
        double value = value();
        return steps > 0 && (!Double.isFinite(value) || value > limit());
    }

    private static double corrected(double average, int steps) {
        return average / (1 - Math.pow(BETA, steps));
    }
}
