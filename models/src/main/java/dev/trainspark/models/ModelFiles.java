package dev.trainspark.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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

    public static void write(MultiLayerNetwork net, OutputStream out, boolean withUpdater) throws IOException {
        ModelSerializer.writeModel(net, out, withUpdater);
    }

    public static MultiLayerNetwork read(InputStream in, boolean withUpdater) throws IOException {
        return ModelSerializer.restoreMultiLayerNetwork(in, withUpdater);
    }
}
