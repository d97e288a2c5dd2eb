/**
 * Everything that runs on an executor for training and scoring: rows made into pixels
 * ({@code decode}), the embedding of kNN rebalancing ({@code embed}), a task's share of a
 * parameter-averaging round or, under {@code train.sync: allreduce}, of a whole epoch ({@code fit}),
 * the tasks' sum of their state among themselves ({@code allreduce}: a TCP ring, an in-memory sum
 * for tasks of one JVM, the rendezvous where they meet), prediction ({@code evaluate}) and the
 * binding of ND4J to the task's cores or GPU ({@code device}). Results are mergeable, so the driver
 * combines partitions with {@code treeAggregate}.
 */
package dev.trainspark.workers;
