package dev.trainspark.driver.train;

import dev.trainspark.driver.config.EarlyStoppingConfig;
import dev.trainspark.models.ModelState;
import dev.trainspark.pipeline.BadParameterException;

import java.util.Map;
import java.util.function.Function;

/**
 * Early stopping of one network: scores each epoch's state on the validation rows and keeps the best
 * epoch and the epochs since it. An epoch improves on the best when its figure is better by more than
 * {@code min_delta} (lower for the loss, higher for the others); the first epoch always does.
 *
 * <p>A resumed run replays the figures of its finished epochs, as {@code epochs.jsonl} recorded them,
 * through the same rule, so it goes on with exactly the state an unbroken run had at that epoch.
 */
final class EarlyStopping {
    private final EarlyStoppingConfig settings;
    private final Function<ModelState, ValidationScores> validator;
    private final Map<Integer, ValidationScores> recorded;
    private int bestEpoch;
    private double best = Double.NaN;
    private int sinceImprovement;

    /**
     * @param validator the figures of a state on the validation rows
     * @param recorded  the figures of the epochs an earlier invocation of the run finished, by epoch
     */
    EarlyStopping(EarlyStoppingConfig settings, Function<ModelState, ValidationScores> validator,
                  Map<Integer, ValidationScores> recorded) {
        this.settings = settings;
        this.validator = validator;
        this.recorded = Map.copyOf(recorded);
    }

    /** Replays the recorded figures of epochs 1 to {@code epochsDone}, the epochs a resumed run keeps. */
    void resumeAfter(int epochsDone) {
        for (int epoch = 1; epoch <= epochsDone; epoch++) {
            ValidationScores scores = recorded.get(epoch);
            if (scores == null) {
                throw new BadParameterException("train.early_stopping is set, but epoch " + epoch + " of the resumed run has "
                        + "no validation figures in epochs.jsonl (it was trained without early stopping); accepted: --resume "
                        + "with the run's own train.early_stopping, or a new run folder");
            }
            observe(epoch, scores);
        }
    }

    ValidationScores validate(ModelState state) {
        return validator.apply(state);
    }

    /** Counts a finished epoch; true when it is the new best. */
    boolean observe(int epoch, ValidationScores scores) {
        double value = scores.value(settings.metric());
        double delta = settings.minDelta();
        boolean improved = bestEpoch == 0
                || (settings.lowerIsBetter() ? value + delta < best : value - delta > best);
        if (improved) {
            bestEpoch = epoch;
            best = value;
            sinceImprovement = 0;
        } else {
            sinceImprovement++;
        }
        return improved;
    }

    /** Whether {@code patience} epochs in a row went without improvement: training stops. */
    boolean exhausted() {
        return sinceImprovement >= settings.patience();
    }

    /** The best epoch so far (1-based), 0 before the first. */
    int bestEpoch() {
        return bestEpoch;
    }

    double best() {
        return best;
    }

    int epochsWithoutImprovement() {
        return sinceImprovement;
    }

    EarlyStoppingConfig settings() {
        return settings;
    }
}
