/**
 * Rows made into pixels on the executors: ingested images decoded to the configured shape, and
 * rebalanced recipe rows (copies, smoothed-bootstrap noise, SMOTE interpolations, warped copies)
 * materialised from their parents; written out as PNG files for the {@code rebalance} command.
 */
package dev.trainspark.workers.decode;
