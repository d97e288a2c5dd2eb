package dev.trainspark.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;

/** A network family: turns a specification into a DL4J configuration. */
public interface NetworkDefinition {
    MultiLayerConfiguration configure(NetworkSpec spec);
}
