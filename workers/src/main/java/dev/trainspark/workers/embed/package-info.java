/**
 * The embedding space of kNN-based rebalancing: each row's feature vector replaced, on the
 * executors, by a trained network's penultimate-layer activations.
 */
package dev.trainspark.workers.embed;
