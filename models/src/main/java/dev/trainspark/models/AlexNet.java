package dev.trainspark.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LocalResponseNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * AlexNet (Krizhevsky, Sutskever and Hinton 2012) as one tower, without the two-GPU grouping: five
 * convolutions (96, 256, 384, 384, 256 filters) with ReLU, local response normalization after the
 * first two, 3x3 stride-2 max-pools after the first, second and fifth, two dense layers each read
 * through dropout 0.5, and the output layer.
 *
 * <p>Input sizes ({@link SmallInputs}): the first convolution is the published 11x11 stride 4
 * (padding 2) where that leaves a map of at least 28 px, else 5x5 stride 2, else 5x5 stride 1 (both
 * padding 2); a max-pool that would leave less than 2x2 is left out; the dense layers are 4096 wide
 * from 64 px inputs up, 512 below. At 224x224x3 with 1000 classes this is the paper's network, 55,
 * 27, 13 and 6 px maps and 62,378,344 parameters; at 28x28 the maps are 28, 13, 6 and 2 px.
 */
final class AlexNet implements StackDefinition {
    private static final int POOL_KERNEL = 3;
    private static final int POOL_STRIDE = 2;
    private static final double DROPOUT_RETAIN = 0.5;

    /** First convolution candidates, the published one first; the last is taken when none fits. */
    private static final List<FirstConv> FIRST_CONVS = List.of(new FirstConv(11, 4), new FirstConv(5, 2), new FirstConv(5, 1));

    private record FirstConv(int kernel, int stride) {
        static final int PADDING = 2;

        FeatureMap after(FeatureMap input) {
            return input.truncated(kernel, stride, PADDING);
        }
    }

    @Override
    public MultiLayerConfiguration configure(NetworkSpec spec) {
        NeuralNetConfiguration.ListBuilder list = NetworkBase.builder(spec, WeightInit.RELU).list();
        FeatureMap input = FeatureMap.of(spec);
        FirstConv first = FIRST_CONVS.stream()
                .filter(c -> SmallInputs.keepsStemStep(c.after(input)))
                .findFirst()
                .orElse(FIRST_CONVS.get(FIRST_CONVS.size() - 1));
        FeatureMap map = first.after(input);
        list.layer(conv(first.kernel(), first.stride(), FirstConv.PADDING, spec.scaled(96)));
        list.layer(new LocalResponseNormalization.Builder().build());
        map = maxPool(list, map);
        list.layer(conv(5, 1, 2, spec.scaled(256)));
        list.layer(new LocalResponseNormalization.Builder().build());
        map = maxPool(list, map);
        list.layer(conv(3, 1, 1, spec.scaled(384)));
        list.layer(conv(3, 1, 1, spec.scaled(384)));
        list.layer(conv(3, 1, 1, spec.scaled(256)));
        maxPool(list, map);
        int units = SmallInputs.classifierWidth(spec, 4096);
        return list
                .layer(new DenseLayer.Builder().nOut(units).activation(Activation.RELU).dropOut(DROPOUT_RETAIN).build())
                .layer(new DenseLayer.Builder().nOut(units).activation(Activation.RELU).dropOut(DROPOUT_RETAIN).build())
                .layer(new OutputLayer.Builder(Losses.outputLoss(spec))
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(spec.height(), spec.width(), spec.channels()))
                .build();
    }

    /** Size-preserving for the 5x5 and 3x3 convolutions (padding 2 and 1). */
    private static ConvolutionLayer conv(int kernel, int stride, int padding, int filters) {
        return new ConvolutionLayer.Builder(kernel, kernel).stride(stride, stride).padding(padding, padding)
                .nOut(filters).activation(Activation.RELU).build();
    }

    private static FeatureMap maxPool(NeuralNetConfiguration.ListBuilder list, FeatureMap map) {
        FeatureMap after = map.truncated(POOL_KERNEL, POOL_STRIDE, 0);
        if (!SmallInputs.keepsPool(after)) {
            return map;
        }
        list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                .kernelSize(POOL_KERNEL, POOL_KERNEL).stride(POOL_STRIDE, POOL_STRIDE).build());
        return after;
    }
}
