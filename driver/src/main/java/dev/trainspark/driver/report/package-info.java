/**
 * What a run leaves for people to read: the per-round training events written to
 * {@code events.jsonl}, the PNG plots (confusion heat map, loss curve) and the self-contained
 * {@code report.html} that shows them next to the headline metrics and the run's facts.
 */
package dev.trainspark.driver.report;
