/**
 * The data pipeline: from files on any Hadoop path to decoded, split, sharded training rows.
 * Sub-packages hold one concept each; this package holds what they share.
 */
package dev.trainspark.pipeline;
