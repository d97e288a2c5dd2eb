package dev.trainspark.models;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Builds initialised networks from a specification, of the kind its architecture's definition is. */
public final class Networks {
    private Networks() {
    }

    public static TrainableNetwork build(NetworkSpec spec) {
        NetworkDefinition definition = spec.architecture().definition();
        if (definition instanceof GraphDefinition graph) {
            ComputationGraph net = new ComputationGraph(graph.configure(spec));
            net.init();
            return new GraphNetwork(net);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(((StackDefinition) definition).configure(spec));
        net.init();
        return new StackNetwork(net);
    }
}
