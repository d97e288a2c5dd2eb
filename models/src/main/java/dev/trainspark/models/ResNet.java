package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
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

import java.util.Arrays;

/**
 * ResNet with basic blocks (He et al., CVPR 2016): four stages of 64, 128, 256 and 512 filters
 * (times the width multiplier), each block two 3x3 conv-BN whose output is added to the block's
 * input, then ReLU. The first block of stages 2 to 4 halves the resolution with stride 2; where a
 * block changes the shape, its shortcut is a 1x1 conv-BN projection, otherwise the identity.
 *
 * <p>The stem follows the input size: below {@value #SMALL_INPUT} pixels a side a 3x3 stride-1
 * convolution without max-pool (the CIFAR variant), since the ImageNet stem's 7x7 stride-2
 * convolution and 3x3 stride-2 max-pool would shrink a 32x32 image to 8x8 before the first block.
 */
final class ResNet implements GraphDefinition {
    static final int SMALL_INPUT = 64;
    static final int[] STAGE_WIDTHS = {64, 128, 256, 512};
    private static final String INPUT = "input";

    private final int[] blocksPerStage;

    /** @param blocksPerStage basic blocks in each of the four stages: {2, 2, 2, 2} is ResNet-18 */
    ResNet(int... blocksPerStage) {
        if (blocksPerStage.length != STAGE_WIDTHS.length) {
            throw new IllegalArgumentException("ResNet has " + STAGE_WIDTHS.length + " stages; got block counts "
                    + Arrays.toString(blocksPerStage));
        }
        this.blocksPerStage = blocksPerStage.clone();
    }

    static boolean smallInput(NetworkSpec spec) {
        return spec.height() < SMALL_INPUT || spec.width() < SMALL_INPUT;
    }

    @Override
    public ComputationGraphConfiguration configure(NetworkSpec spec) {
        ComputationGraphConfiguration.GraphBuilder graph = NetworkBase.builder(spec, WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .graphBuilder()
                .addInputs(INPUT)
                .setInputTypes(InputType.convolutional(spec.height(), spec.width(), spec.channels()));
        String x = stem(graph, spec);
        int channels = spec.scaled(STAGE_WIDTHS[0]);
        for (int stage = 0; stage < STAGE_WIDTHS.length; stage++) {
            int width = spec.scaled(STAGE_WIDTHS[stage]);
            for (int block = 0; block < blocksPerStage[stage]; block++) {
                int stride = stage > 0 && block == 0 ? 2 : 1;
                x = basicBlock(graph, "s" + (stage + 1) + "b" + (block + 1), x, channels, width, stride);
                channels = width;
            }
        }
        return graph
                .addLayer("avgpool", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x)
                .addLayer("output", new OutputLayer.Builder(Losses.outputLoss(spec))
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).build(), "avgpool")
                .setOutputs("output")
                .build();
    }

    private static String stem(ComputationGraphConfiguration.GraphBuilder graph, NetworkSpec spec) {
        boolean small = smallInput(spec);
        int kernel = small ? 3 : 7;
        int stride = small ? 1 : 2;
        String x = convBn(graph, "stem", INPUT, kernel, stride, spec.scaled(STAGE_WIDTHS[0]));
        graph.addLayer("stem_relu", relu(), x);
        if (small) {
            return "stem_relu";
        }
        graph.addLayer("stem_pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(3, 3).stride(2, 2).build(), "stem_relu");
        return "stem_pool";
    }

    /** conv-BN-ReLU, conv-BN, plus the shortcut, ReLU; returns the block's output vertex. */
    private static String basicBlock(ComputationGraphConfiguration.GraphBuilder graph, String name, String input,
                                     int inChannels, int width, int stride) {
        String first = convBn(graph, name + "_conv1", input, 3, stride, width);
        graph.addLayer(name + "_relu1", relu(), first);
        String second = convBn(graph, name + "_conv2", name + "_relu1", 3, 1, width);
        String shortcut = stride == 1 && inChannels == width
                ? input
                : convBn(graph, name + "_proj", input, 1, stride, width);
        graph.addVertex(name + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), second, shortcut);
        graph.addLayer(name + "_relu", relu(), name + "_add");
        return name + "_relu";
    }

    /** A convolution without bias (the batch norm after it has its own shift) and its batch norm; returns the BN vertex. */
    private static String convBn(ComputationGraphConfiguration.GraphBuilder graph, String name, String input, int kernel,
                                 int stride, int filters) {
        graph.addLayer(name, new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).nOut(filters)
                .hasBias(false).activation(Activation.IDENTITY).build(), input);
        graph.addLayer(name + "_bn", new BatchNormalization.Builder().build(), name);
        return name + "_bn";
    }

    private static ActivationLayer relu() {
        return new ActivationLayer.Builder().activation(Activation.RELU).build();
    }
}
