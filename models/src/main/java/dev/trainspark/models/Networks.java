package dev.trainspark.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Builds initialised networks from a specification. */
public final class Networks {
    private Networks() {
    }

    public static MultiLayerNetwork build(NetworkSpec spec) {
        if (!(spec.architecture().definition() instanceof StackDefinition stack)) {
            throw new IllegalArgumentException("model.architecture " + spec.architecture().configName()
                    + " is a graph network, which this build cannot train yet; accepted: " + Architecture.names());
        }
        MultiLayerNetwork net = new MultiLayerNetwork(stack.configure(spec));
        net.init();
        return net;
    }
}
