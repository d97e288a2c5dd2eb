package dev.trainspark.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** A network that is one chain of layers: a DL4J {@code MultiLayerNetwork}. */
public non-sealed interface StackDefinition extends NetworkDefinition {
    MultiLayerConfiguration configure(NetworkSpec spec);
}
