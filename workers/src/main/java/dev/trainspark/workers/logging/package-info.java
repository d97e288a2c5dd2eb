/**
 * Logging on the cluster: the project's Log4j2 configuration, carried in the cluster jar, applied on
 * the driver and every executor that Spark started on its own INFO defaults.
 */
package dev.trainspark.workers.logging;
