/**
 * Stratified sharding: one shard per worker, each with the same class mix (within one row per
 * class), assigned from the seed so the shards are the same for the same data and seed.
 */
package dev.trainspark.pipeline.shard;
