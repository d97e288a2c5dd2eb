package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.weights.WeightInit;

import java.util.List;
import java.util.Locale;

/**
 * The settings every network definition shares (seed, optimiser and schedule, weight penalties,
 * weight initialisation, dropout, gradient clipping), applied in one place so a new architecture
 * cannot forget one.
 */
public final class NetworkBase {
    private NetworkBase() {
    }

    /**
     * @param defaultInit the architecture's own weight initialisation, used unless {@code model.weight_init}
     *                    names another (a layer that sets its own keeps it either way)
     */
    public static NeuralNetConfiguration.Builder builder(NetworkSpec spec, WeightInit defaultInit) {
        OptimizerSpec optimizer = spec.optimizer();
        NeuralNetConfiguration.Builder builder = optimizer.dropout() > 0
                ? new FullyConnectedDropout(1 - optimizer.dropout())
                : new NeuralNetConfiguration.Builder();
        builder.seed(spec.seed())
                .l2(optimizer.l2())
                .weightInit(optimizer.weightInit() == null ? defaultInit
                        : WeightInit.valueOf(optimizer.weightInit().toUpperCase(Locale.ROOT)))
                .updater(Updaters.of(optimizer));
        if (optimizer.l1() > 0) {
            builder.l1(optimizer.l1());
        }
        if (optimizer.weightDecay() > 0) {
            // Multiplied by the scheduled rate, as AdamW's decay follows its schedule multiplier.
            builder.weightDecay(optimizer.weightDecay(), true);
        }
        if (optimizer.gradientClip() > 0) {
            builder.gradientNormalization(GradientNormalization.ClipL2PerLayer)
                    .gradientNormalizationThreshold(optimizer.gradientClip());
        }
        return builder;
    }

    /**
     * A builder that puts dropout on the input of every fully connected layer (dense and output)
     * that does not read the network's input. DL4J's builder-wide dropout would also drop input
     * pixels and convolution inputs, which is not what dropout in a classifier usually means.
     */
    private static final class FullyConnectedDropout extends NeuralNetConfiguration.Builder {
        private final double retain;

        FullyConnectedDropout(double retain) {
            this.retain = retain;
        }

        @Override
        public NeuralNetConfiguration.ListBuilder list() {
            return new NeuralNetConfiguration.ListBuilder(this) {
                @Override
                public MultiLayerConfiguration build() {
                    MultiLayerConfiguration conf = super.build();
                    List<NeuralNetConfiguration> layers = conf.getConfs();
                    for (int i = 1; i < layers.size(); i++) {
                        place(layers.get(i).getLayer());
                    }
                    return conf;
                }
            };
        }

        @Override
        public ComputationGraphConfiguration.GraphBuilder graphBuilder() {
            return new ComputationGraphConfiguration.GraphBuilder(this) {
                @Override
                public ComputationGraphConfiguration build() {
                    ComputationGraphConfiguration conf = super.build();
                    conf.getVertices().forEach((name, vertex) -> {
                        boolean readsInput = conf.getVertexInputs().getOrDefault(name, List.of()).stream()
                                .anyMatch(conf.getNetworkInputs()::contains);
                        if (vertex instanceof LayerVertex layer && !readsInput) {
                            place(layer.getLayerConf().getLayer());
                        }
                    });
                    return conf;
                }
            };
        }

        /** Replaces the architecture's own dropout (AlexNet's, VGG's, Inception's) where there is one. */
        private void place(Layer layer) {
            if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
                layer.setIDropout(new Dropout(retain));
            }
        }
    }
}
