/**
 * The driver: command line, configuration and orchestration of a run (ingest, split, shard,
 * parameter-averaging rounds, evaluation, checkpoints, report).
 */
package dev.trainspark.driver;
