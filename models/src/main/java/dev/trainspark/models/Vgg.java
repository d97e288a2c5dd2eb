package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

import java.util.List;

/**
 * VGG (Simonyan and Zisserman 2014): five stages of 3x3 convolutions, each stage closed by a 2x2
 * stride-2 max-pool, then two dense layers and the output, the second dense layer and the output each
 * read through dropout 0.5.
 *
 * <p>Each convolution is followed by batch normalization and then ReLU, as in torchvision's
 * {@code vgg11_bn} / {@code vgg16_bn}, with the convolution's bias left out (batch normalization's
 * shift takes its place): trained from scratch, plain VGG needs the paper's staged initialisation to
 * get going, which a single configurable run does not have. The running mean and variance sit in the
 * parameter vector, so parameter averaging averages them too.
 *
 * <p>Input sizes ({@link SmallInputs}): a max-pool that would leave less than 2x2 is left out (at
 * 28 and 32 px the fifth; the maps end at 2x2); the dense layers are the published 4096 wide from
 * 64 px inputs up, 512 below. At 224x224x3 the maps end at 7x7, as published.
 */
final class Vgg implements StackDefinition {
    private static final double DROPOUT_RETAIN = 0.5;

    /** Filters of each convolution, one list per stage. */
    private final List<List<Integer>> stages;

    private Vgg(List<List<Integer>> stages) {
        this.stages = stages;
    }

    /** Configuration A: 8 convolutions, 11 weight layers. */
    static Vgg vgg11() {
        return new Vgg(List.of(List.of(64), List.of(128), List.of(256, 256), List.of(512, 512), List.of(512, 512)));
    }

    /** Configuration D: 13 convolutions, 16 weight layers. */
    static Vgg vgg16() {
        return new Vgg(List.of(List.of(64, 64), List.of(128, 128), List.of(256, 256, 256), List.of(512, 512, 512),
                List.of(512, 512, 512)));
    }

    @Override
    public MultiLayerConfiguration configure(NetworkSpec spec) {
        NeuralNetConfiguration.ListBuilder list = NetworkBase.builder(spec, WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        FeatureMap map = FeatureMap.of(spec);
        for (List<Integer> stage : stages) {
            for (int filters : stage) {
                list.layer(new ConvolutionLayer.Builder(3, 3).nOut(spec.scaled(filters)).hasBias(false)
                        .activation(Activation.IDENTITY).build());
                list.layer(new BatchNormalization.Builder().build());
                list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
            }
            FeatureMap pooled = map.same(2);
            if (SmallInputs.keepsPool(pooled)) {
                list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
                map = pooled;
            }
        }
        int units = SmallInputs.classifierWidth(spec, 4096);
        return list
                .layer(new DenseLayer.Builder().nOut(units).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nOut(units).activation(Activation.RELU).dropOut(DROPOUT_RETAIN).build())
                .layer(new OutputLayer.Builder(Losses.outputLoss(spec)).dropOut(DROPOUT_RETAIN)
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(spec.height(), spec.width(), spec.channels()))
                .build();
    }
}
