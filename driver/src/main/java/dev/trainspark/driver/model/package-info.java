/**
 * Model folders on any Hadoop path: where the saved-model format of {@code models} is written in a
 * run ({@code model/}, {@code folds/fold-NN/model/}) and read back by {@code predict},
 * {@code evaluate} and the embedding space of rebalancing.
 */
package dev.trainspark.driver.model;
