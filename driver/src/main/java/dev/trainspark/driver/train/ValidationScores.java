package dev.trainspark.driver.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One state's figures on the validation rows: the metrics early stopping can watch, named as in
 * {@code metrics.json} but for {@code loss}, the mean log loss of the predicted probabilities.
 */
record ValidationScores(double accuracy, double balancedAccuracy, double macroF1, double loss) {
    /** The figure {@code train.early_stopping.metric} names. */
    double value(String metric) {
        return switch (metric) {
            case "accuracy" -> accuracy;
            case "balanced_accuracy" -> balancedAccuracy;
            case "macro_f1" -> macroF1;
            case "loss" -> loss;
            default -> throw new IllegalArgumentException("no validation metric '" + metric + "'");
        };
    }

    /** The figures under their names, e.g. for a line of {@code epochs.jsonl}. */
    Map<String, Double> byName() {
        Map<String, Double> named = new LinkedHashMap<>();
        named.put("accuracy", accuracy);
        named.put("balanced_accuracy", balancedAccuracy);
        named.put("macro_f1", macroF1);
        named.put("loss", loss);
        return named;
    }
}
