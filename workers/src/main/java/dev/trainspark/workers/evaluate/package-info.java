/**
 * Distributed scoring: each partition predicts its rows with one network or an ensemble and
 * returns per-row predictions (class probabilities and the decided class), which stay on the
 * executors and are folded into mergeable metric states there.
 */
package dev.trainspark.workers.evaluate;
