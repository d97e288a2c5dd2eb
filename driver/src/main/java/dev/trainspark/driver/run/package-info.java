/**
 * The run directory: resolved config, status (running, complete or failed), events, metrics,
 * model and checkpoints, every file written atomically so a reader never sees half of one.
 */
package dev.trainspark.driver.run;
