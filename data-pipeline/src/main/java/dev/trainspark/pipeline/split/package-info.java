/**
 * Splits assigned per row from the seed: a row's place follows from a hash of (seed, id) and its
 * rank within its class, so the split is the same across runs and cluster sizes. Also the
 * long-tail subsampling that turns a balanced training split into an imbalanced one.
 */
package dev.trainspark.pipeline.split;
