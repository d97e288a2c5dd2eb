package dev.trainspark.driver.train;

import dev.trainspark.driver.config.EarlyStoppingConfig;
import dev.trainspark.pipeline.split.StratifiedHoldout;
import dev.trainspark.pipeline.split.ValidationHoldout;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Under early stopping, the training rows split into those fitted and the stratified validation
 * share scored after every epoch. It is taken before rebalancing, from the training side only, so
 * no synthetic or duplicated row derives from a validation image, validation is never resampled,
 * and the test rows choose nothing.
 *
 * @param fit                 the rows left to rebalance and fit
 * @param fitPerClass         their count per class, in class order
 * @param validation          the validation rows, or null without early stopping
 * @param validationPerClass  their count per class (empty without early stopping)
 */
record ValidationShare(Dataset<Row> fit, Map<String, Long> fitPerClass, Dataset<Row> validation,
                       Map<String, Long> validationPerClass) {
    /** Added to the run's seed for the validation draw, apart from the long tail's (+1) and threshold moving's (+2). */
    static final long SEED_OFFSET = 3;

    /** @param settings {@code train.early_stopping}, or null when it is off */
    static ValidationShare of(EarlyStoppingConfig settings, Dataset<Row> train, Map<String, Long> trainPerClass, long seed) {
        if (settings == null) {
            return new ValidationShare(train, trainPerClass, null, Map.of());
        }
        ValidationHoldout holdout = new ValidationHoldout(settings.validationFraction(),
                "train.early_stopping.validation_fraction", seed + SEED_OFFSET);
        Map<String, Long> validationPerClass = holdout.validationCounts(trainPerClass);
        StratifiedHoldout.Split split = holdout.apply(train, trainPerClass);
        Map<String, Long> fitPerClass = new LinkedHashMap<>(trainPerClass);
        validationPerClass.forEach((c, n) -> fitPerClass.put(c, fitPerClass.get(c) - n));
        return new ValidationShare(split.train(), fitPerClass, split.test(), validationPerClass);
    }

    long validationSize() {
        return validationPerClass.values().stream().mapToLong(Long::longValue).sum();
    }
}
