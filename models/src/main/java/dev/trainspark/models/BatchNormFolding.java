package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An inference-only copy of a trained network in which every batch normalization that reads a
 * convolution or dense layer alone ({@link BatchNormPair} says which, and how the weights change) is
 * folded into that layer: one layer fewer per pair, the same predictions up to float rounding, and
 * no running statistics left to train. Activation layers after a normalization stay where they
 * are; every other layer is copied unchanged.
 *
 * <p>The folded network gets a configuration of its own, the original's without the normalizations
 * (in a graph, their consumers read the folded layer instead), so a folded network is rebuilt from
 * its specification as {@code configuration(definition's configuration)}.
 */
public final class BatchNormFolding {
    static {
        OneDnnKernels.enable();
    }

    private BatchNormFolding() {
    }

    /** A layer of the folded stack: the original layer it comes from and the normalization folded into it, or -1. */
    private record StackSource(int layer, int batchNorm) {
        boolean folded() {
            return batchNorm >= 0;
        }
    }

    /** The stack's configuration with its foldable normalizations removed. */
    public static MultiLayerConfiguration configuration(MultiLayerConfiguration conf) {
        MultiLayerConfiguration folded = conf.clone();
        List<NeuralNetConfiguration> layers = new ArrayList<>();
        Map<Integer, InputPreProcessor> preProcessors = new HashMap<>();
        for (StackSource source : stackSources(conf)) {
            NeuralNetConfiguration layer = conf.getConf(source.layer()).clone();
            if (source.folded()) {
                layer.setLayer(stackPair(conf, source).foldedProducer());
            }
            // The parameter names are recorded again when the network is initialised.
            layer.clearVariables();
            InputPreProcessor preProcessor = conf.getInputPreProcess(source.layer());
            if (preProcessor != null) {
                preProcessors.put(layers.size(), preProcessor.clone());
            }
            layers.add(layer);
        }
        folded.setConfs(layers);
        folded.setInputPreProcessors(preProcessors);
        return folded;
    }

    /** A trained stack folded: a new, initialised network; {@code trained} is left as it was. */
    public static MultiLayerNetwork fold(MultiLayerNetwork trained) {
        MultiLayerConfiguration conf = trained.getLayerWiseConfigurations();
        List<StackSource> sources = stackSources(conf);
        MultiLayerNetwork folded = new MultiLayerNetwork(configuration(conf));
        folded.init();
        for (int i = 0; i < sources.size(); i++) {
            StackSource source = sources.get(i);
            if (source.folded()) {
                stackPair(conf, source).writeFolded(trained.getLayer(source.layer()), trained.getLayer(source.batchNorm()),
                        folded.getLayer(i));
            } else {
                copyParams(trained.getLayer(source.layer()), folded.getLayer(i));
            }
        }
        return folded;
    }

    /** The graph's configuration with its foldable normalizations removed and their consumers rewired. */
    public static ComputationGraphConfiguration configuration(ComputationGraphConfiguration conf) {
        Map<String, String> producerOf = graphPairs(conf);
        ComputationGraphConfiguration folded = conf.clone();
        Map<String, GraphVertex> vertices = new LinkedHashMap<>();
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, GraphVertex> vertex : folded.getVertices().entrySet()) {
            String name = vertex.getKey();
            if (producerOf.containsKey(name)) {
                continue;
            }
            vertices.put(name, vertex.getValue());
            inputs.put(name, rewired(folded.getVertexInputs().get(name), producerOf));
        }
        for (Map.Entry<String, String> pair : producerOf.entrySet()) {
            NeuralNetConfiguration producer = ((LayerVertex) vertices.get(pair.getValue())).getLayerConf();
            producer.setLayer(graphPair(conf, pair.getKey()).foldedProducer());
            producer.clearVariables();
        }
        folded.setVertices(vertices);
        folded.setVertexInputs(inputs);
        folded.setNetworkOutputs(rewired(folded.getNetworkOutputs(), producerOf));
        // The order cached from the original graph names vertices that are gone; the new graph sorts its own.
        folded.setTopologicalOrder(null);
        folded.setTopologicalOrderStr(null);
        return folded;
    }

    /** A trained graph folded: a new, initialised network; {@code trained} is left as it was. */
    public static ComputationGraph fold(ComputationGraph trained) {
        ComputationGraphConfiguration conf = trained.getConfiguration();
        Map<String, String> batchNormOf = new HashMap<>();
        graphPairs(conf).forEach((batchNorm, producer) -> batchNormOf.put(producer, batchNorm));
        ComputationGraph folded = new ComputationGraph(configuration(conf));
        folded.init();
        for (org.deeplearning4j.nn.graph.vertex.GraphVertex vertex : folded.getVertices()) {
            if (!vertex.hasLayer()) {
                continue;
            }
            String name = vertex.getVertexName();
            String batchNorm = batchNormOf.get(name);
            if (batchNorm != null) {
                graphPair(conf, batchNorm).writeFolded(trained.getLayer(name), trained.getLayer(batchNorm), vertex.getLayer());
            } else {
                copyParams(trained.getLayer(name), vertex.getLayer());
            }
        }
        return folded;
    }

    /**
     * Pairs each foldable layer with the normalization right after it; a pair needs no input
     * pre-processor between the two, so the normalization sees exactly the layer's output.
     */
    private static List<StackSource> stackSources(MultiLayerConfiguration conf) {
        int n = conf.getConfs().size();
        List<StackSource> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean pairs = i + 1 < n && conf.getInputPreProcess(i + 1) == null
                    && BatchNormPair.of(conf.getConf(i).getLayer(), conf.getConf(i + 1).getLayer()).isPresent();
            sources.add(new StackSource(i, pairs ? i + 1 : -1));
            if (pairs) {
                i++;
            }
        }
        return sources;
    }

    private static BatchNormPair stackPair(MultiLayerConfiguration conf, StackSource source) {
        return BatchNormPair.of(conf.getConf(source.layer()).getLayer(), conf.getConf(source.batchNorm()).getLayer()).orElseThrow();
    }

    /**
     * The graph's foldable normalizations, each with the layer it folds into: the normalization
     * reads that layer alone, without a pre-processor, and nothing else reads the layer (its
     * unnormalized output would be lost).
     */
    private static Map<String, String> graphPairs(ComputationGraphConfiguration conf) {
        Map<String, Integer> readers = new HashMap<>();
        conf.getVertexInputs().values().forEach(in -> in.forEach(name -> readers.merge(name, 1, Integer::sum)));
        conf.getNetworkOutputs().forEach(name -> readers.merge(name, 1, Integer::sum));
        Map<String, String> producerOf = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> vertex : conf.getVertexInputs().entrySet()) {
            List<String> in = vertex.getValue();
            if (in == null || in.size() != 1 || readers.get(in.get(0)) != 1) {
                continue;
            }
            Layer batchNorm = layerOf(conf, vertex.getKey());
            Layer producer = layerOf(conf, in.get(0));
            boolean direct = conf.getVertices().get(vertex.getKey()) instanceof LayerVertex v && v.getPreProcessor() == null;
            if (batchNorm != null && producer != null && direct && BatchNormPair.of(producer, batchNorm).isPresent()) {
                producerOf.put(vertex.getKey(), in.get(0));
            }
        }
        return producerOf;
    }

    private static BatchNormPair graphPair(ComputationGraphConfiguration conf, String batchNorm) {
        String producer = conf.getVertexInputs().get(batchNorm).get(0);
        return BatchNormPair.of(layerOf(conf, producer), layerOf(conf, batchNorm)).orElseThrow();
    }

    /** The layer configuration of a layer vertex; null for other vertices and network inputs. */
    private static Layer layerOf(ComputationGraphConfiguration conf, String name) {
        return conf.getVertices().get(name) instanceof LayerVertex v ? v.getLayerConf().getLayer() : null;
    }

    private static List<String> rewired(List<String> names, Map<String, String> producerOf) {
        List<String> out = new ArrayList<>();
        if (names != null) {
            names.forEach(name -> out.add(producerOf.getOrDefault(name, name)));
        }
        return out;
    }

    private static void copyParams(org.deeplearning4j.nn.api.Layer source, org.deeplearning4j.nn.api.Layer target) {
        target.paramTable().forEach((name, values) -> values.assign(source.getParam(name)));
    }
}
