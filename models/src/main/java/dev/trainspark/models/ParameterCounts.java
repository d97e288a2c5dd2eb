package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.Locale;

/**
 * How many parameters a network has, read from its configuration, so the size of a VGG at 224 px
 * can be told without allocating its hundreds of megabytes. Counts what the network's flat parameter
 * vector holds, batch normalization's running statistics included.
 */
public final class ParameterCounts {
    private ParameterCounts() {
    }

    public static long of(NetworkSpec spec) {
        NetworkDefinition definition = spec.architecture().definition();
        if (definition instanceof StackDefinition stack) {
            return of(stack.configure(spec));
        }
        return of(((GraphDefinition) definition).configure(spec));
    }

    /** The architecture's name and its parameter count, e.g. {@code lenet (431,080 parameters)}. */
    public static String describe(NetworkSpec spec) {
        return String.format(Locale.ROOT, "%s (%,d parameters)", spec.architecture().configName(), of(spec));
    }

    static long of(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().mapToLong(c -> count(c.getLayer())).sum();
    }

    static long of(ComputationGraphConfiguration conf) {
        long total = 0;
        for (GraphVertex vertex : conf.getVertices().values()) {
            if (vertex instanceof LayerVertex layer) {
                NeuralNetConfiguration layerConf = layer.getLayerConf();
                total += count(layerConf.getLayer());
            }
        }
        return total;
    }

    private static long count(Layer layer) {
        return layer.initializer().numParams(layer);
    }
}
