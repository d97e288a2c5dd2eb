/**
 * What DL4J lacks for the optimiser settings: learning-rate schedules (cosine annealing,
 * polynomial decay to a floor, linear warmup in front of any schedule) and classical momentum.
 * They are DL4J {@code ISchedule}s and an {@code IUpdater}, so they travel inside DL4J's network
 * configuration and its JSON like DL4J's own.
 */
package dev.trainspark.models.optim;
