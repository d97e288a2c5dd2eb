/** Distributed evaluation: each partition predicts its rows and returns a mergeable metric state. */
package dev.trainspark.workers.evaluate;
