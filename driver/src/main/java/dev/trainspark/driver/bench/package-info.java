/**
 * Benchmarks that measure this project against its baselines in one run, on the same model, data,
 * batch size and averaging frequency, and print the figures and their ratios.
 */
package dev.trainspark.driver.bench;
