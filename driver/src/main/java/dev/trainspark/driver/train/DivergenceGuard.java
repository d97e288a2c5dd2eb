package dev.trainspark.driver.train;

import dev.trainspark.driver.config.DivergenceConfig;

/**
 * Decides after each round whether training diverged, and counts the roll-backs of one fit.
 *
 * <p>A round diverged when its mean loss is not finite or above {@code factor} times the larger of
 * the run's initial loss (its first round with a finite loss) and the loss an untrained network
 * should show. The floor keeps a warm-started run, whose initial loss may be near zero, from taking
 * ordinary noise for divergence. The first round is the reference, so only a non-finite loss fails
 * it; a first round far above the untrained network's loss is the initial-loss warning's business.
 */
final class DivergenceGuard {
    private final DivergenceConfig settings;
    private final double expectedInitialLoss;
    private double initialLoss;
    private int rollbacks;

    /**
     * @param initialLoss  the first round's loss when an earlier invocation of the run recorded it, else NaN
     * @param rollbacks    roll-backs an earlier invocation of the run made
     */
    DivergenceGuard(DivergenceConfig settings, double expectedInitialLoss, double initialLoss, int rollbacks) {
        this.settings = settings;
        this.expectedInitialLoss = expectedInitialLoss;
        this.initialLoss = initialLoss;
        this.rollbacks = rollbacks;
    }

    /** The loss above which a round diverged; infinite until the initial loss is known. */
    double limit() {
        return Double.isFinite(initialLoss) ? settings.factor() * Math.max(initialLoss, expectedInitialLoss)
                : Double.POSITIVE_INFINITY;
    }

    /** Whether a round with this mean loss diverged; the first finite one becomes the initial loss. */
    boolean diverged(double loss) {
        if (!Double.isFinite(loss)) {
            return true;
        }
        if (!Double.isFinite(initialLoss)) {
            initialLoss = loss;
            return false;
        }
        return loss > limit();
    }

    boolean mayRollBack() {
        return rollbacks < settings.maxRetries();
    }

    /** Counts a roll-back and returns the learning rate to go on with. */
    double rollBack(double learningRate) {
        rollbacks++;
        return learningRate * settings.lrFactor();
    }

    int rollbacks() {
        return rollbacks;
    }

    int maxRetries() {
        return settings.maxRetries();
    }
}
