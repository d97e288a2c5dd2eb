/**
 * Class rebalancing of training rows with imbalanced-learn's semantics: sampling strategies,
 * random over- and under-sampling, SMOTE and its variants, cluster centroids, Tomek links,
 * EasyEnsemble subsets, class weights and threshold moving. Samplers emit recipe rows
 * ({@link dev.trainspark.pipeline.rebalance.RebalanceColumns}); workers make the pixels.
 * {@link dev.trainspark.pipeline.rebalance.RebalanceSpec} is the {@code rebalance} config section;
 * {@link dev.trainspark.pipeline.rebalance.SamplingStrategy} turns its strategy and the class sizes
 * into the per-class targets the samplers take. The neighbour-based ones share
 * {@link dev.trainspark.pipeline.rebalance.NearestNeighbours}: exact blockwise kNN on Spark,
 * bucketed-random-projection LSH above a size limit.
 */
package dev.trainspark.pipeline.rebalance;
