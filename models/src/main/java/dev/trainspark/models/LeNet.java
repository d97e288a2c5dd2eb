package dev.trainspark.models;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;

/** LeNet-5 as commonly trained on MNIST: two 5x5 conv + max-pool stages, a 500-unit dense layer. */
final class LeNet implements StackDefinition {
    @Override
    public MultiLayerConfiguration configure(NetworkSpec spec) {
        return NetworkBase.builder(spec, WeightInit.XAVIER)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(spec.scaled(20)).stride(1, 1).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(spec.scaled(50)).stride(1, 1).activation(Activation.IDENTITY).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(spec.scaled(500)).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(Losses.outputLoss(spec))
                        .nOut(spec.numClasses()).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(spec.height(), spec.width(), spec.channels()))
                .build();
    }
}
