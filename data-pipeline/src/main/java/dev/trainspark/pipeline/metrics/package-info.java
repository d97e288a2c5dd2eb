/**
 * Classification metrics built from mergeable state, with scikit-learn's definitions.
 *
 * <p>Each partition of an evaluation folds its {@link dev.trainspark.pipeline.metrics.Prediction}s
 * into a small serializable state ({@link dev.trainspark.pipeline.metrics.ConfusionState},
 * {@link dev.trainspark.pipeline.metrics.MetricsState}); Spark's {@code treeAggregate} merges the
 * partial states. ROC/PR curves come either from a distributed sort (exact) or from per-class score
 * histograms with a reported error bound (binned).
 * {@link dev.trainspark.pipeline.metrics.DistributedMetrics} runs it all and returns immutable values
 * ({@link dev.trainspark.pipeline.metrics.FullMetrics}, {@link dev.trainspark.pipeline.metrics.ClassificationMetrics})
 * with the names used in {@code metrics.json}; {@link dev.trainspark.pipeline.metrics.PredictionsCsv}
 * reads and writes the CSV of {@code predict}.
 */
package dev.trainspark.pipeline.metrics;
