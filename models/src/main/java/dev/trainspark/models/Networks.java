package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** Builds initialised networks from a specification, of the kind its architecture's definition is. */
public final class Networks {
    static {
        OneDnnKernels.enable();
    }

    private Networks() {
    }

    public static TrainableNetwork build(NetworkSpec spec) {
        NetworkDefinition definition = spec.architecture().definition();
        if (definition instanceof GraphDefinition graph) {
            ComputationGraphConfiguration conf = graph.configure(spec);
            ComputationGraph net = new ComputationGraph(spec.inferenceOnly() ? BatchNormFolding.configuration(conf) : conf);
            net.init();
            return new GraphNetwork(net);
        }
        MultiLayerConfiguration conf = ((StackDefinition) definition).configure(spec);
        MultiLayerNetwork net = new MultiLayerNetwork(spec.inferenceOnly() ? BatchNormFolding.configuration(conf) : conf);
        net.init();
        return new StackNetwork(net);
    }
}
