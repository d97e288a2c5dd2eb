package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * GoogLeNet (Szegedy et al. 2014, Inception v1) without its two auxiliary classifiers: a stem (7x7
 * stride-2 convolution with 64 filters, 3x3 stride-2 max-pool, 1x1 convolution with 64, 3x3 with
 * 192, 3x3 stride-2 max-pool), nine inception blocks in three groups (3a-3b, 4a-4e, 5a-5b) with a
 * 3x3 stride-2 max-pool between groups, global average pooling, dropout 0.4 and the output layer.
 * A block runs four branches on its input, 1x1; 1x1 then 3x3; 1x1 then 5x5; 3x3 max-pool then 1x1,
 * and concatenates them along the channels (a {@link MergeVertex}); its filters are the paper's
 * table 1.
 *
 * <p>Every convolution is followed by batch normalization and then ReLU, with the convolution's bias
 * left out, as torchvision's GoogLeNet does in place of the paper's local response normalization;
 * the running statistics are averaged with the other parameters. All windows use DL4J's Same mode, so
 * a stride-2 step halves a map, rounding up.
 *
 * <p>Input sizes ({@link SmallInputs}): each of the stem's three stride-2 steps is taken only if the
 * map after it is at least 28 px (224 px inputs take all three and reach the first block at 28, as
 * published; 64 px inputs take the first; 28 and 32 px inputs none); a max-pool between groups is
 * left out where it would leave less than 2x2. Global average pooling makes the parameter count the
 * same for every input size.
 */
final class Inception implements GraphDefinition {
    private static final double DROPOUT_RETAIN = 0.6;

    /** Filters of one block: the 1x1 branch, the 3x3 branch's reduction and output, the 5x5's, the pool branch's. */
    record Block(String name, int oneByOne, int reduce3, int threeByThree, int reduce5, int fiveByFive, int poolProjection) {
    }

    /** The paper's table 1, one list per group. */
    static final List<List<Block>> GROUPS = List.of(
            List.of(new Block("3a", 64, 96, 128, 16, 32, 32),
                    new Block("3b", 128, 128, 192, 32, 96, 64)),
            List.of(new Block("4a", 192, 96, 208, 16, 48, 64),
                    new Block("4b", 160, 112, 224, 24, 64, 64),
                    new Block("4c", 128, 128, 256, 24, 64, 64),
                    new Block("4d", 112, 144, 288, 32, 64, 64),
                    new Block("4e", 256, 160, 320, 32, 128, 128)),
            List.of(new Block("5a", 256, 160, 320, 32, 128, 128),
                    new Block("5b", 384, 192, 384, 48, 128, 128)));

    @Override
    public ComputationGraphConfiguration configure(NetworkSpec spec) {
        ComputationGraphConfiguration.GraphBuilder graph = NetworkBase.builder(spec, WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs("input")
                .setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
        FeatureMap map = FeatureMap.of(spec);
        boolean strided = SmallInputs.keepsStemStep(map.same(2));
        String last = convBnRelu(graph, "stem_conv1", "input", 7, strided ? 2 : 1, spec.scaled(64));
        map = strided ? map.same(2) : map;
        if (SmallInputs.keepsStemStep(map.same(2))) {
            last = maxPool(graph, "stem_pool1", last, 2);
            map = map.same(2);
        }
        last = convBnRelu(graph, "stem_conv2", last, 1, 1, spec.scaled(64));
        last = convBnRelu(graph, "stem_conv3", last, 3, 1, spec.scaled(192));
        if (SmallInputs.keepsStemStep(map.same(2))) {
            last = maxPool(graph, "stem_pool2", last, 2);
            map = map.same(2);
        }
        for (int g = 0; g < GROUPS.size(); g++) {
            if (g > 0 && SmallInputs.keepsPool(map.same(2))) {
                last = maxPool(graph, "pool" + (g + 2), last, 2);
                map = map.same(2);
            }
            for (Block block : GROUPS.get(g)) {
                last = inceptionBlock(graph, spec, block, last);
            }
        }
        return graph
                .addLayer("avg_pool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), last)
                .addLayer("output", new OutputLayer.Builder(Losses.outputLoss(spec)).dropOut(DROPOUT_RETAIN)
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).build(), "avg_pool")
                .setOutputs("output")
                .build();
    }

    private static String inceptionBlock(ComputationGraphConfiguration.GraphBuilder graph, NetworkSpec spec, Block b,
                                         String input) {
        String p = "inception" + b.name() + "_";
        String one = convBnRelu(graph, p + "1x1", input, 1, 1, spec.scaled(b.oneByOne()));
        String three = convBnRelu(graph, p + "3x3", convBnRelu(graph, p + "3x3_reduce", input, 1, 1, spec.scaled(b.reduce3())),
                3, 1, spec.scaled(b.threeByThree()));
        String five = convBnRelu(graph, p + "5x5", convBnRelu(graph, p + "5x5_reduce", input, 1, 1, spec.scaled(b.reduce5())),
                5, 1, spec.scaled(b.fiveByFive()));
        String pool = convBnRelu(graph, p + "pool_proj", maxPool(graph, p + "pool", input, 1), 1, 1,
                spec.scaled(b.poolProjection()));
        graph.addVertex(p + "concat", new MergeVertex(), one, three, five, pool);
        return p + "concat";
    }

    /** Convolution, batch normalization, ReLU; returns the name of the ReLU. */
    private static String convBnRelu(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                     int kernel, int stride, int filters) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(filters)
                .hasBias(false).activation(Activation.IDENTITY).build(), input);
        graph.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
        graph.addLayer(name + "_relu", new ActivationLayer.Builder().activation(Activation.RELU).build(), name + "_bn");
        return name + "_relu";
    }

    private static String maxPool(ComputationGraphConfiguration.GraphBuilder graph, String name, String input, int stride) {
        graph.addLayer(name, new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(3, 3).stride(stride, stride).build(), input);
        return name;
    }
}
