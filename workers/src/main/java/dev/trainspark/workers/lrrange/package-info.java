/**
 * The executor's part of the learning-rate range test: one network, no averaging, fitted one
 * minibatch per iteration at a rate that rises exponentially, with the smoothed loss that stops the
 * sweep once it diverges.
 */
package dev.trainspark.workers.lrrange;
