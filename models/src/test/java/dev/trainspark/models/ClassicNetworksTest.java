package dev.trainspark.models;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AlexNet, VGG and Inception build and predict at 28x28x1 and 32x32x3, and have the parameter count
 * their layer tables give: every expected count below is worked out from the architecture (filters,
 * kernels, the map size the pooling rule leaves), never read back from DL4J.
 */
class ClassicNetworksTest {
    private static final double SMALL = 0.25;

    private static NetworkSpec spec(Architecture a, int side, int channels, int classes, double width) {
        return new NetworkSpec(a, side, side, channels, classes, new OptimizerSpec("adam", 1e-3, 0), 7, List.of(), null,
                width);
    }

    /** A convolution with bias. */
    private static long conv(int kernel, long in, long out) {
        return (long) kernel * kernel * in * out + out;
    }

    /** A bias-free convolution and its batch normalization (gamma, beta, running mean, running variance). */
    private static long convBn(int kernel, long in, long out) {
        return (long) kernel * kernel * in * out + 4 * out;
    }

    private static long dense(long in, long out) {
        return in * out + out;
    }

    private static MultiLayerNetwork buildAndPredict(NetworkSpec spec) {
        MultiLayerNetwork net = ((StackNetwork) Networks.build(spec)).network();
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 2, spec.channels(), spec.height(), spec.width()));
        assertArrayEquals(new long[]{2, spec.numClasses()}, out.shape());
        assertEquals(2.0, out.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
        return net;
    }

    /**
     * @param firstKernel 11 for the published stride-4 first convolution, 5 for the small-input ones
     * @param side        side of the map the last convolution leaves, after the pools the input allows
     * @param classifier  the dense layers' published-or-small width before scaling
     */
    private static long alexnet(NetworkSpec s, int firstKernel, int side, int classifier) {
        int c1 = s.scaled(96), c2 = s.scaled(256), c3 = s.scaled(384), c4 = s.scaled(384), c5 = s.scaled(256);
        int fc = s.scaled(classifier);
        return conv(firstKernel, s.channels(), c1) + conv(5, c1, c2) + conv(3, c2, c3) + conv(3, c3, c4) + conv(3, c4, c5)
                + dense((long) side * side * c5, fc) + dense(fc, fc) + dense(fc, s.numClasses());
    }

    @Test
    void alexnetBuildsFrom28PixelsAndIsThePapersNetworkAt224() {
        // 28: 5x5/1 conv keeps 28, pools 28 -> 13 -> 6 -> 2.
        NetworkSpec mnist = spec(Architecture.ALEXNET, 28, 1, 10, SMALL);
        assertEquals(alexnet(mnist, 5, 2, 512), buildAndPredict(mnist).numParams());
        // 32: pools 32 -> 15 -> 7 -> 3.
        NetworkSpec cifar = spec(Architecture.ALEXNET, 32, 3, 10, SMALL);
        assertEquals(alexnet(cifar, 5, 3, 512), buildAndPredict(cifar).numParams());
        // 64: 5x5/2 conv leaves 32 (11x11/4 would leave 15), pools 32 -> 15 -> 7 -> 3; full classifier.
        NetworkSpec mid = spec(Architecture.ALEXNET, 64, 3, 10, 1);
        assertEquals(alexnet(mid, 5, 3, 4096), ParameterCounts.of(mid));
        // 224: 11x11/4 conv leaves 55, pools 55 -> 27 -> 13 -> 6: Krizhevsky et al.'s 62.4 million.
        NetworkSpec imagenet = spec(Architecture.ALEXNET, 224, 3, 1000, 1);
        assertEquals(alexnet(imagenet, 11, 6, 4096), ParameterCounts.of(imagenet));
        assertEquals(62_378_344L, ParameterCounts.of(imagenet));
    }

    private static long vgg(NetworkSpec s, List<List<Integer>> stages, int side, int classifier) {
        long total = 0;
        long in = s.channels();
        for (List<Integer> stage : stages) {
            for (int filters : stage) {
                total += convBn(3, in, s.scaled(filters));
                in = s.scaled(filters);
            }
        }
        int fc = s.scaled(classifier);
        return total + dense((long) side * side * in, fc) + dense(fc, fc) + dense(fc, s.numClasses());
    }

    private static final List<List<Integer>> CONFIGURATION_A =
            List.of(List.of(64), List.of(128), List.of(256, 256), List.of(512, 512), List.of(512, 512));
    private static final List<List<Integer>> CONFIGURATION_D = List.of(List.of(64, 64), List.of(128, 128),
            List.of(256, 256, 256), List.of(512, 512, 512), List.of(512, 512, 512));

    @Test
    void vgg11IsConfigurationAWithTheFifthPoolLeftOutAtSmallInputs() {
        // 28: pools 28 -> 14 -> 7 -> 4 -> 2, the fifth (to 1) left out; 32: 16, 8, 4, 2, fifth left out.
        NetworkSpec mnist = spec(Architecture.VGG11, 28, 1, 10, SMALL);
        assertEquals(vgg(mnist, CONFIGURATION_A, 2, 512), buildAndPredict(mnist).numParams());
        NetworkSpec cifar = spec(Architecture.VGG11, 32, 3, 10, SMALL);
        assertEquals(vgg(cifar, CONFIGURATION_A, 2, 512), buildAndPredict(cifar).numParams());
        NetworkSpec imagenet = spec(Architecture.VGG11, 224, 3, 1000, 1);
        assertEquals(vgg(imagenet, CONFIGURATION_A, 7, 4096), ParameterCounts.of(imagenet));
        // The published 132,863,336, less the 2,752 convolution biases, plus 4 numbers of batch normalization per filter.
        assertEquals(132_863_336L - 2_752 + 4 * 2_752, ParameterCounts.of(imagenet));
    }

    @Test
    void vgg16IsConfigurationD() {
        NetworkSpec mnist = spec(Architecture.VGG16, 28, 1, 10, SMALL);
        assertEquals(vgg(mnist, CONFIGURATION_D, 2, 512), buildAndPredict(mnist).numParams());
        NetworkSpec cifar = spec(Architecture.VGG16, 32, 3, 10, SMALL);
        assertEquals(vgg(cifar, CONFIGURATION_D, 2, 512), buildAndPredict(cifar).numParams());
        NetworkSpec imagenet = spec(Architecture.VGG16, 224, 3, 1000, 1);
        assertEquals(vgg(imagenet, CONFIGURATION_D, 7, 4096), ParameterCounts.of(imagenet));
        assertEquals(138_357_544L - 4_224 + 4 * 4_224, ParameterCounts.of(imagenet));
    }

    /** Filters of each block: 1x1, 3x3 reduce, 3x3, 5x5 reduce, 5x5, pool projection (Szegedy et al., table 1). */
    private static final int[][] GOOGLENET_BLOCKS = {
            {64, 96, 128, 16, 32, 32}, {128, 128, 192, 32, 96, 64},
            {192, 96, 208, 16, 48, 64}, {160, 112, 224, 24, 64, 64}, {128, 128, 256, 24, 64, 64},
            {112, 144, 288, 32, 64, 64}, {256, 160, 320, 32, 128, 128},
            {256, 160, 320, 32, 128, 128}, {384, 192, 384, 48, 128, 128}};

    private static long inception(NetworkSpec s) {
        long total = convBn(7, s.channels(), s.scaled(64)) + convBn(1, s.scaled(64), s.scaled(64))
                + convBn(3, s.scaled(64), s.scaled(192));
        long in = s.scaled(192);
        for (int[] b : GOOGLENET_BLOCKS) {
            int one = s.scaled(b[0]), r3 = s.scaled(b[1]), c3 = s.scaled(b[2]), r5 = s.scaled(b[3]), c5 = s.scaled(b[4]);
            int pool = s.scaled(b[5]);
            total += convBn(1, in, one) + convBn(1, in, r3) + convBn(3, r3, c3) + convBn(1, in, r5) + convBn(5, r5, c5)
                    + convBn(1, in, pool);
            in = one + c3 + c5 + pool;
        }
        return total + dense(in, s.numClasses());
    }

    private static ComputationGraph buildGraph(NetworkSpec spec) {
        ComputationGraph graph = new ComputationGraph(((GraphDefinition) Architecture.INCEPTION.definition()).configure(spec));
        graph.init();
        return graph;
    }

    @Test
    void inceptionBuildsAtSmallInputsAndCountsAsItsBlockTable() {
        for (NetworkSpec spec : List.of(spec(Architecture.INCEPTION, 28, 1, 10, SMALL), spec(Architecture.INCEPTION, 32, 3, 10, SMALL))) {
            ComputationGraph graph = buildGraph(spec);
            assertEquals(inception(spec), graph.numParams());
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, spec.channels(), spec.height(), spec.width());
            Map<String, INDArray> activations = graph.feedForward(x, false);
            // No stem step would leave 28 px or more, so the blocks start at full size; the two pools between groups
            // halve it, rounding up: 28 -> 14 -> 7, 32 -> 16 -> 8.
            long side = (spec.height() + 3) / 4;
            long channels = spec.scaled(384) + spec.scaled(384) + spec.scaled(128) + spec.scaled(128);
            assertArrayEquals(new long[]{2, channels, side, side}, activations.get("inception5b_concat").shape());
            assertArrayEquals(new long[]{2, spec.numClasses()}, activations.get("output").shape());
        }
        NetworkSpec imagenet = spec(Architecture.INCEPTION, 224, 3, 1000, 1);
        assertEquals(inception(imagenet), ParameterCounts.of(imagenet));
    }

    private static ConvolutionLayer stemConv(ComputationGraphConfiguration conf) {
        return (ConvolutionLayer) ((LayerVertex) conf.getVertices().get("stem_conv1")).getLayerConf().getLayer();
    }

    @Test
    void inceptionTakesAStemStepOnlyWhereItLeavesAtLeast28Pixels() {
        GraphDefinition inception = (GraphDefinition) Architecture.INCEPTION.definition();
        ComputationGraphConfiguration small = inception.configure(spec(Architecture.INCEPTION, 32, 3, 10, 1));
        assertArrayEquals(new int[]{1, 1}, stemConv(small).getStride());
        assertFalse(small.getVertices().containsKey("stem_pool1"));
        assertFalse(small.getVertices().containsKey("stem_pool2"));
        assertTrue(small.getVertices().containsKey("pool3") && small.getVertices().containsKey("pool4"));

        ComputationGraphConfiguration mid = inception.configure(spec(Architecture.INCEPTION, 64, 3, 10, 1));
        assertArrayEquals(new int[]{2, 2}, stemConv(mid).getStride(), "64 -> 32");
        assertFalse(mid.getVertices().containsKey("stem_pool1"), "32 -> 16 would be below 28");

        ComputationGraphConfiguration full = inception.configure(spec(Architecture.INCEPTION, 224, 3, 10, 1));
        assertArrayEquals(new int[]{2, 2}, stemConv(full).getStride());
        assertTrue(full.getVertices().containsKey("stem_pool1") && full.getVertices().containsKey("stem_pool2"),
                "224 -> 112 -> 56 -> 28, as published");

        // At 3 px the first pool between groups leaves 2, kept; the second would leave 1, left out.
        ComputationGraphConfiguration tiny = inception.configure(spec(Architecture.INCEPTION, 3, 3, 10, 1));
        assertTrue(tiny.getVertices().containsKey("pool3"));
        assertFalse(tiny.getVertices().containsKey("pool4"));
    }
}
