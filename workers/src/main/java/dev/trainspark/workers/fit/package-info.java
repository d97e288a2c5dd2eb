/**
 * Local fitting for parameter averaging: a task resets its executor-cached network to the
 * broadcast parameters and updater state, fits its share of minibatches, and returns the sums the
 * driver averages.
 */
package dev.trainspark.workers.fit;
