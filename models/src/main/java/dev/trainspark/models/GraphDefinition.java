package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;

/** A network with branches or shortcuts: a DL4J {@code ComputationGraph}. */
public non-sealed interface GraphDefinition extends NetworkDefinition {
    ComputationGraphConfiguration configure(NetworkSpec spec);
}
