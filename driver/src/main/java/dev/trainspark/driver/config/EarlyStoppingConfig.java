package dev.trainspark.driver.config;

import java.util.List;
import java.util.Locale;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * {@code train.early_stopping}: present turns it on. A stratified share of the training split is
 * held out before rebalancing and scored after every epoch; training stops after {@code patience}
 * epochs without an improvement of more than {@code minDelta}, and the model is the best epoch's.
 *
 * @param metric              {@code balanced_accuracy} (default), {@code accuracy}, {@code macro_f1}
 *                            (higher is better) or {@code loss}, the validation log loss (lower is better)
 * @param patience            epochs without improvement before training stops (default 3)
 * @param minDelta            least change of the metric that counts as an improvement (default 0)
 * @param validationFraction  share of each training class held out, at least one image (default 0.1)
 */
public record EarlyStoppingConfig(String metric, Integer patience, Double minDelta, Double validationFraction) {
    public static final String LOSS = "loss";
    public static final List<String> METRICS = List.of("balanced_accuracy", "accuracy", "macro_f1", LOSS);

    public EarlyStoppingConfig {
        metric = metric == null ? "balanced_accuracy" : metric.trim().toLowerCase(Locale.ROOT);
        patience = patience == null ? 3 : patience;
        minDelta = minDelta == null ? 0.0 : minDelta;
        validationFraction = validationFraction == null ? 0.1 : validationFraction;
        CONFIG.require(METRICS.contains(metric), "train.early_stopping.metric", metric, String.join(", ", METRICS));
        CONFIG.positive("train.early_stopping.patience", patience);
        CONFIG.finiteAtLeast("train.early_stopping.min_delta", minDelta, 0);
        CONFIG.require(validationFraction > 0 && validationFraction <= 0.5, "train.early_stopping.validation_fraction",
                validationFraction, "a number in (0, 0.5]");
    }

    /** Whether a lower value of the metric is the better one. */
    public boolean lowerIsBetter() {
        return metric.equals(LOSS);
    }
}
