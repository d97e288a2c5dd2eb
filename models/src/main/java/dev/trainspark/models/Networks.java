package dev.trainspark.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
        MultiLayerConfiguration conf = stack.configure(spec);
        MultiLayerNetwork net = new MultiLayerNetwork(spec.inferenceOnly() ? BatchNormFolding.configuration(conf) : conf);
        net.init();
        return net;
    }
}
