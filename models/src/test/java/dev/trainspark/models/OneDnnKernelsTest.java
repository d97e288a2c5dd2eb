package dev.trainspark.models;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The oneDNN kernels are really in use for networks this module builds, and they compute what DL4J's
 * built-in kernels compute: the same loss and gradient on the same parameters and minibatch.
 */
class OneDnnKernelsTest {

    @BeforeAll
    static void onTheCpuBackend() {
        // The GPU build (-Pcuda) runs these layers on cuDNN instead.
        assumeTrue("CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend")));
    }

    @Test
    void theNativeLibraryReportsOneDnnThroughTheCheckDl4jMakes() {
        assertTrue(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN(),
                "the CPU classifier in the root POM is the oneDNN build");
    }

    @Test
    void convolutionAndPoolingLayersOfABuiltNetworkRunOnOneDnn() {
        MultiLayerNetwork net = ((StackNetwork) Networks.build(spec(Architecture.LENET, 28, 1))).network();
        assertNotNull(((ConvolutionLayer) net.getLayer(0)).getHelper(), "convolution helper");
        assertNotNull(((SubsamplingLayer) net.getLayer(1)).getHelper(), "pooling helper");
        MultiLayerNetwork builtIn = withBuiltInKernels(() -> ((StackNetwork) Networks.build(spec(Architecture.LENET, 28, 1))).network());
        assertNull(((ConvolutionLayer) builtIn.getLayer(0)).getHelper(), "the property keeps DL4J's own kernels");
    }

    @Test
    void lenetLossAndGradientMatchTheBuiltInKernels() {
        assertSameLossAndGradient(spec(Architecture.LENET, 28, 1));
    }

    @Test
    void batchNormalizedNetworkLossAndGradientMatchTheBuiltInKernels() {
        assertSameLossAndGradient(spec(Architecture.SMALL_CNN_BN, 16, 3));
    }

    @Test
    void residualGraphLossAndGradientMatchTheBuiltInKernels() {
        NetworkSpec spec = new NetworkSpec(Architecture.RESNET18, 32, 32, 3, 4, new OptimizerSpec("sgd", 0.1, 0), 3,
                java.util.List.of(), null, 0.25);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3, 32, 32);
        INDArray y = labels(4, 4);
        ComputationGraph oneDnn = ((GraphNetwork) Networks.build(spec)).graph();
        ComputationGraph builtIn = withBuiltInKernels(() -> ((GraphNetwork) Networks.build(spec)).graph());
        builtIn.setParams(oneDnn.params());
        oneDnn.setInputs(x);
        oneDnn.setLabels(y);
        oneDnn.computeGradientAndScore();
        builtIn.setInputs(x);
        builtIn.setLabels(y);
        builtIn.computeGradientAndScore();
        assertClose(builtIn.score(), builtIn.gradient().gradient(), oneDnn.score(), oneDnn.gradient().gradient());
    }

    private static void assertSameLossAndGradient(NetworkSpec spec) {
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, spec.channels(), spec.height(), spec.width());
        INDArray y = labels(8, spec.numClasses());
        MultiLayerNetwork oneDnn = ((StackNetwork) Networks.build(spec)).network();
        MultiLayerNetwork builtIn = withBuiltInKernels(() -> ((StackNetwork) Networks.build(spec)).network());
        builtIn.setParams(oneDnn.params());
        oneDnn.setInput(x);
        oneDnn.setLabels(y);
        oneDnn.computeGradientAndScore();
        builtIn.setInput(x);
        builtIn.setLabels(y);
        builtIn.computeGradientAndScore();
        assertClose(builtIn.score(), builtIn.gradient().gradient(), oneDnn.score(), oneDnn.gradient().gradient());
    }

    private static void assertClose(double expectedScore, INDArray expectedGradient, double score, INDArray gradient) {
        assertEquals(expectedScore, score, 1e-5 * Math.abs(expectedScore), "loss");
        assertFalse(gradient.equals(Nd4j.zeros(gradient.dataType(), gradient.shape())), "a gradient was computed");
        double scale = expectedGradient.norm2Number().doubleValue();
        double difference = expectedGradient.sub(gradient).norm2Number().doubleValue();
        assertTrue(difference <= 1e-4 * scale, "gradient differs by " + difference + " (norm " + scale + ")");
    }

    private static NetworkSpec spec(Architecture architecture, int size, int channels) {
        return new NetworkSpec(architecture, size, size, channels, 10, "adam", 1e-3, 0, 7);
    }

    private static INDArray labels(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, i % classes, 1f);
        }
        return y;
    }

    private static <T> T withBuiltInKernels(Supplier<T> build) {
        String before = System.getProperty(OneDnnKernels.DISABLE_PROPERTY);
        System.setProperty(OneDnnKernels.DISABLE_PROPERTY, "true");
        try {
            return build.get();
        } finally {
            System.setProperty(OneDnnKernels.DISABLE_PROPERTY, before == null ? "false" : before);
        }
    }
}
