/**
 * Orchestration on the driver: the {@link dev.trainspark.driver.train.Trainer} (rebalance, shard,
 * fit by parameter averaging, calibrate, save the model with provenance) and the jobs that call it
 * ({@code train}, {@code cv}), the sharded and evaluation sets, scoring and the rebalance export, and
 * the training sanity checks (initial loss, divergence guard, {@code train --overfit}).
 */
package dev.trainspark.driver.train;
