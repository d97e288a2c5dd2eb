/**
 * Executor-side work: what one Spark task does with its shard. Everything here returns a
 * mergeable result, so the driver combines partitions with {@code treeAggregate}.
 */
package dev.trainspark.workers;
