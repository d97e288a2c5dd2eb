/**
 * The saved model a run leaves in {@code model/}: one network or an ensemble of them (soft vote),
 * the class names, the network specification and optional per-class decision offsets; read back
 * by {@code predict}, {@code evaluate} and retraining.
 */
package dev.trainspark.driver.model;
