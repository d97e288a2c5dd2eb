/**
 * The run directory: resolved config, status (running, complete or failed), events, metrics,
 * model and checkpoints, every file written atomically so a reader never sees half of one, and the
 * lock that keeps each run folder to one writing process.
 */
package dev.trainspark.driver.run;
