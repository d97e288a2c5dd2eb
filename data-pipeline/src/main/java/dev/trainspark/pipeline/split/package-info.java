/**
 * Splits assigned per row from the seed: a row's place follows from a hash of (seed, id) and its
 * rank within its class, so the split is the same across runs and cluster sizes. Also the
 * validation share held out of training rows ({@link dev.trainspark.pipeline.split.ValidationHoldout}), the
 * long-tail subsampling that turns a balanced training split into an imbalanced one, and
 * cross-validation ({@link dev.trainspark.pipeline.split.CrossValidation}, configured by
 * {@link dev.trainspark.pipeline.split.FoldSpec}): scikit-learn's splitters with the seeded row
 * order standing in for the data order, their allocation rules as Spark-free cores, and the .632 /
 * .632+ bootstrap error estimates.
 */
package dev.trainspark.pipeline.split;
