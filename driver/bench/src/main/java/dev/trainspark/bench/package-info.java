/**
 * Benchmarks that measure this project against its baselines in one run, on the same model, data,
 * batch size and averaging frequency, and print the figures and their ratios. A module of its own so
 * that neither the benchmarks nor the DL4J Spark peer reach the cluster jar; {@link
 * dev.trainspark.bench.BenchCommand} joins the CLI as a {@link dev.trainspark.driver.cli.CommandPlugin}.
 */
package dev.trainspark.bench;
