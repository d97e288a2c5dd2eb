package dev.trainspark.pipeline.rebalance;

/**
 * What a sampler does to the classes a sampling strategy targets, which decides how the strategy
 * resolves: an over-sampler is told how many rows to add, an under-sampler how many to keep, a
 * cleaning sampler only which classes it may remove rows from.
 */
public enum SamplerType {
    OVER_SAMPLING,
    UNDER_SAMPLING,
    CLEAN_SAMPLING
}
