/** The derivation of every random stream of a run from its one seed. */
package dev.trainspark.pipeline.random;
