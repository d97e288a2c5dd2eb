/**
 * Classification metrics built from mergeable state.
 *
 * <p>Each partition of an evaluation folds its predictions into a small serializable state
 * ({@link dev.trainspark.pipeline.metrics.ConfusionState}); Spark's {@code treeAggregate} merges the
 * partial states, and the driver turns the merged state into immutable metric values
 * ({@link dev.trainspark.pipeline.metrics.ClassificationMetrics}) with scikit-learn's definitions and
 * the names used in {@code metrics.json}.
 */
package dev.trainspark.pipeline.metrics;
