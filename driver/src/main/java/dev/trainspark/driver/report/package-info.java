/**
 * What a run leaves for people to read: the per-round training events written to
 * {@code events.jsonl}; the PNG plots (confusion heat map, loss and accuracy curves, one-vs-rest
 * ROC and precision-recall curves, reliability diagram), which take plain arrays and lists; and
 * the self-contained {@code report.html}, built from plain values (facts, headline metrics,
 * per-class and cross-validation fold tables, captioned images).
 */
package dev.trainspark.driver.report;
