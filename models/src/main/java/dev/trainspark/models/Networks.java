package dev.trainspark.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Builds initialised networks from a specification. */
public final class Networks {
    private Networks() {
    }

    public static MultiLayerNetwork build(NetworkSpec spec) {
        MultiLayerNetwork net = new MultiLayerNetwork(spec.architecture().definition().configure(spec));
        net.init();
        return net;
    }
}
