package dev.trainspark.models;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Network weights (and optionally updater state) to and from streams. Streams rather than files so
 * the caller can place them on any Hadoop file system.
 */
public final class ModelFiles {
    /** File name of the network inside a model directory. */
    public static final String NETWORK = "network.zip";

    private ModelFiles() {
    }

    public static void write(TrainableNetwork net, OutputStream out, boolean withUpdater) throws IOException {
        Model model = net instanceof GraphNetwork graph ? graph.graph() : ((StackNetwork) net).network();
        ModelSerializer.writeModel(model, out, withUpdater);
    }

    /** Reads a network written for {@code spec}: the spec's architecture says which kind the file holds. */
    public static TrainableNetwork read(NetworkSpec spec, InputStream in, boolean withUpdater) throws IOException {
        OneDnnKernels.enable();
        if (spec.architecture().definition() instanceof GraphDefinition) {
            return new GraphNetwork(ModelSerializer.restoreComputationGraph(in, withUpdater));
        }
        return new StackNetwork(ModelSerializer.restoreMultiLayerNetwork(in, withUpdater));
    }
}
