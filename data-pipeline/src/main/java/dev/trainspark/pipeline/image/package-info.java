/**
 * Image decoding: PNG and JPEG bytes to normalised channel-first pixels at the configured size,
 * with the checks that tell a damaged or foreign file from an image, and the small thumbnail used
 * as a feature vector for neighbour-based rebalancing.
 */
package dev.trainspark.pipeline.image;
