/**
 * Seeded image augmentation on decoded channel-first pixels, applied on the executors where the
 * pixels are made: the same seed gives the same image on any worker.
 */
package dev.trainspark.pipeline.augment;
