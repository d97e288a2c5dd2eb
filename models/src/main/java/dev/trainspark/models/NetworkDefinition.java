package dev.trainspark.models;

/**
 * A network family: turns a specification into a DL4J configuration, either a stack of layers
 * ({@link StackDefinition}) or a graph of them ({@link GraphDefinition}).
 */
public sealed interface NetworkDefinition permits StackDefinition, GraphDefinition {
}
