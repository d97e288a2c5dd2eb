package dev.trainspark.driver.config;

import java.util.List;

import static dev.trainspark.pipeline.ParameterChecks.CONFIG;

/**
 * When {@code retrain} promotes its challenger over the champion: the challenger must beat the
 * champion on {@code metric} by at least {@code minImprovement} (strictly better when it is 0), and
 * no class's recall may fall by more than {@code maxClassRecallDrop}.
 *
 * @param metric              a metrics.json figure where higher is better (default balanced_accuracy)
 * @param minImprovement      least gain in {@code metric} to promote (default 0: any gain)
 * @param maxClassRecallDrop  largest fall of one class's recall a promotion accepts (default 0.05)
 * @param warmStart           start the challenger from the champion's parameters (default false)
 */
public record RetrainConfig(String metric, Double minImprovement, Double maxClassRecallDrop, Boolean warmStart) {
    /** metrics.json figures where higher is better, the ones a promotion can be decided on. */
    public static final List<String> METRICS = List.of("accuracy", "balanced_accuracy", "macro_precision", "macro_recall",
            "macro_f1", "micro_f1", "weighted_f1", "kappa", "mcc", "top_k_accuracy", "auc_ovr_macro",
            "average_precision_macro");

    public RetrainConfig {
        metric = metric == null ? "balanced_accuracy" : metric;
        minImprovement = minImprovement == null ? 0.0 : minImprovement;
        maxClassRecallDrop = maxClassRecallDrop == null ? 0.05 : maxClassRecallDrop;
        warmStart = warmStart != null && warmStart;
        CONFIG.require(METRICS.contains(metric), "retrain.metric", metric, String.join(", ", METRICS));
        CONFIG.require(minImprovement >= 0 && minImprovement <= 1, "retrain.min_improvement", minImprovement,
                "a number from 0 to 1");
        CONFIG.require(maxClassRecallDrop >= 0 && maxClassRecallDrop <= 1, "retrain.max_class_recall_drop",
                maxClassRecallDrop, "a number from 0 to 1");
    }
}
