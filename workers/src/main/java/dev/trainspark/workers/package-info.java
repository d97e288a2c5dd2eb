/**
 * Everything that runs on an executor for training and scoring: rows made into pixels
 * ({@code decode}), the embedding of kNN rebalancing ({@code embed}), a task's share of a
 * parameter-averaging round ({@code fit}), prediction ({@code evaluate}) and the binding of ND4J to
 * the task's cores or GPU ({@code device}). Results are mergeable, so the driver combines
 * partitions with {@code treeAggregate}.
 */
package dev.trainspark.workers;
