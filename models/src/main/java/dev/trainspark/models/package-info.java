/**
 * Network definitions (LeNet, a small CNN with batch normalization), the specification they are
 * built from, and saving and loading of trained models. DL4J only: nothing here knows about Spark.
 */
package dev.trainspark.models;
