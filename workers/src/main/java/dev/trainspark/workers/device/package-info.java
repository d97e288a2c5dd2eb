/**
 * Binding a task to its hardware: ND4J's native threads to the task's CPU cores, or ND4J's device to
 * the GPU address Spark assigned the task. Backend-neutral: no backend class is named.
 */
package dev.trainspark.workers.device;
