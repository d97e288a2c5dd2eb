/**
 * The model registry and scheduled retraining: a model's versions on any Hadoop path
 * ({@code <name>/versions/NNNN/} with model, metrics, config and provenance), its aliases
 * (champion, challenger, previous), its history, the frozen evaluation split every version is
 * scored on, the lease that keeps one retrain at a time, and the rule that promotes a challenger
 * only when it is better. Every change is written aside and renamed into place.
 */
package dev.trainspark.driver.registry;
