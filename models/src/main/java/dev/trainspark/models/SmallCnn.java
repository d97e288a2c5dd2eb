package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/**
 * Three conv-BN-ReLU stages (16, 32, 64 filters) and global average pooling. Batch normalization's
 * running mean and variance live in the parameter vector, so parameter averaging averages them too.
 */
final class SmallCnn implements StackDefinition {
    @Override
    public MultiLayerConfiguration configure(NetworkSpec spec) {
        NeuralNetConfiguration.ListBuilder list = NetworkBase.builder(spec, WeightInit.RELU)
                .convolutionMode(ConvolutionMode.Same)
                .list();
        int[] filters = {16, 32, 64};
        for (int i = 0; i < filters.length; i++) {
            list.layer(new ConvolutionLayer.Builder(3, 3).nOut(spec.scaled(filters[i])).hasBias(false)
                    .activation(Activation.IDENTITY).build());
            list.layer(new BatchNormalization.Builder().build());
            list.layer(new ActivationLayer.Builder().activation(Activation.RELU).build());
            if (i < filters.length - 1) {
                list.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build());
            }
        }
        return list
                .layer(new GlobalPoolingLayer.Builder(PoolingType.AVG).build())
                .layer(new DenseLayer.Builder().nOut(spec.scaled(64)).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(Losses.outputLoss(spec))
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(spec.height(), spec.width(), spec.channels()))
                .build();
    }
}
