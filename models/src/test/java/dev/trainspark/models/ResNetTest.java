package dev.trainspark.models;

import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResNetTest {
    private static final double NARROW = 0.125;

    private static NetworkSpec spec(Architecture a, int height, int width, int channels, int classes, String updater,
                                    double widthMultiplier) {
        return new NetworkSpec(a, height, width, channels, classes, new OptimizerSpec(updater, 1e-3, 0), 7, List.of(),
                null, widthMultiplier);
    }

    private static int[] blocks(Architecture a) {
        return a == Architecture.RESNET18 ? new int[]{2, 2, 2, 2} : new int[]{3, 4, 6, 3};
    }

    private static long conv(int kernel, int in, int out) {
        return (long) kernel * kernel * in * out;
    }

    /** DL4J keeps four vectors per batch norm: gamma, beta, and the running mean and variance. */
    private static long bn(int channels) {
        return 4L * channels;
    }

    /**
     * The parameter count from the architecture: bias-free convolutions each followed by a batch
     * norm; a 1x1 projection where a block changes stride or width; a dense softmax output.
     */
    private static long expectedParams(NetworkSpec spec) {
        boolean small = spec.height() < 64 || spec.width() < 64;
        int c = spec.scaled(64);
        long n = conv(small ? 3 : 7, spec.channels(), c) + bn(c);
        int[] bases = {64, 128, 256, 512};
        int[] blocks = blocks(spec.architecture());
        for (int s = 0; s < 4; s++) {
            int out = spec.scaled(bases[s]);
            for (int b = 0; b < blocks[s]; b++) {
                boolean projects = (s > 0 && b == 0) || c != out;
                n += conv(3, c, out) + bn(out) + conv(3, out, out) + bn(out);
                if (projects) {
                    n += conv(1, c, out) + bn(out);
                }
                c = out;
            }
        }
        return n + (long) (c + 1) * spec.numClasses();
    }

    @ParameterizedTest
    @CsvSource({"RESNET18, 28, 28, 1", "RESNET18, 32, 32, 3", "RESNET34, 28, 28, 1", "RESNET34, 32, 32, 3",
            "RESNET18, 64, 48, 3"})
    void buildsForTheInputAndHasTheParametersOfItsLayers(Architecture a, int height, int width, int channels) {
        NetworkSpec spec = spec(a, height, width, channels, 5, "adam", NARROW);
        TrainableNetwork net = Networks.build(spec);
        assertInstanceOf(GraphNetwork.class, net);
        assertEquals(expectedParams(spec), net.numParams());
        INDArray out = net.output(Nd4j.rand(DataType.FLOAT, 3, channels, height, width));
        assertArrayEquals(new long[]{3, 5}, out.shape());
        assertEquals(3.0, out.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
        assertArrayEquals(new long[]{3, spec.scaled(512)}, net.embedding(Nd4j.rand(DataType.FLOAT, 3, channels, height, width)).shape());
    }

    @Test
    void fullWidthMatchesThePublishedParameterCounts() {
        // torchvision's resnet18 and resnet34 (224x224x3, 1000 classes) have 11,689,512 and 21,797,672
        // trainable parameters; DL4J adds each batch norm's running mean and variance: 2 x 4,800 and 2 x 8,512.
        assertEquals(11_689_512 + 2 * 4_800, expectedParams(spec(Architecture.RESNET18, 224, 224, 3, 1000, "adam", 1)));
        assertEquals(21_797_672 + 2 * 8_512, expectedParams(spec(Architecture.RESNET34, 224, 224, 3, 1000, "adam", 1)));
        NetworkSpec resnet18 = spec(Architecture.RESNET18, 224, 224, 3, 1000, "adam", 1);
        assertEquals(expectedParams(resnet18), Networks.build(resnet18).numParams());
    }

    @Test
    void theStemFollowsTheInputSize() {
        ComputationGraph small = new ComputationGraph(new ResNet(2, 2, 2, 2).configure(spec(Architecture.RESNET18, 32, 32, 3, 4, "adam", NARROW)));
        ComputationGraph large = new ComputationGraph(new ResNet(2, 2, 2, 2).configure(spec(Architecture.RESNET18, 64, 64, 3, 4, "adam", NARROW)));
        assertFalse(small.getConfiguration().getVertices().containsKey("stem_pool"), "CIFAR-style stem: no max-pool");
        assertTrue(large.getConfiguration().getVertices().containsKey("stem_pool"));
    }

    @Test
    void sameSeedSameWeightsAndTrainingMovesThemAndItsUpdaterState() {
        NetworkSpec spec = spec(Architecture.RESNET18, 28, 28, 1, 3, "adam", NARROW);
        TrainableNetwork a = Networks.build(spec);
        assertEquals(a.params(), Networks.build(spec).params());
        assertEquals(0f, sum(a.updaterState()), "Adam's moments start at zero");
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = oneHot(new int[]{0, 1, 2, 0, 1, 2, 0, 1}, 3);
        INDArray before = a.params().dup();
        a.setProgress(0, 0);
        a.fit(x, y);
        assertNotEquals(before, a.params());
        assertTrue(Double.isFinite(a.score()));
        float[] state = a.updaterState();
        assertNotEquals(0f, sum(state));

        // Setting parameters and updater state on another network continues the same way.
        TrainableNetwork b = Networks.build(spec);
        b.setParams(a.params().dup());
        b.setUpdaterState(state);
        b.setProgress(1, 0);
        a.fit(x, y);
        b.fit(x, y);
        assertEquals(a.params(), b.params());
        assertArrayEquals(a.updaterState(), b.updaterState());
    }

    @Test
    void plainSgdKeepsNoUpdaterState() {
        TrainableNetwork net = Networks.build(spec(Architecture.RESNET18, 28, 28, 1, 3, "sgd", NARROW));
        assertEquals(0, net.updaterState().length);
        net.setUpdaterState(new float[0]);
        net.fit(Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28), oneHot(new int[]{0, 1, 2, 0}, 3));
        assertEquals(0, net.updaterState().length);
    }

    @Test
    void focalLossAndClassWeightsReachTheOutputLayerAndTheExampleLosses() {
        NetworkSpec spec = spec(Architecture.RESNET18, 28, 28, 1, 3, "adam", NARROW)
                .withClassWeights(List.of(2.0, 1.0, 0.5))
                .withLoss(new LossSpec(LossSpec.FOCAL, 2, List.of(0.25, 1.0, 1.0)));
        GraphNetwork net = (GraphNetwork) Networks.build(spec);
        OutputLayer output = (OutputLayer) net.graph().getOutputLayer(0).conf().getLayer();
        assertEquals(new FocalLoss(2, new double[]{0.5, 1.0, 0.5}), output.getLossFn());
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 1, 28, 28);
        int[] labels = {0, 1, 2, 2, 1, 0};
        double[] perExample = net.exampleLosses(x, labels, ExampleLoss.of(spec));
        double mean = java.util.Arrays.stream(perExample).average().orElseThrow();
        // With no weight penalty, DL4J's score of the batch is the mean of the examples' losses.
        assertEquals(mean, net.graph().score(new DataSet(x, oneHot(labels, 3))), 1e-4);
    }

    @Test
    void theEmbeddingIsWhatTheOutputLayerTakes() {
        GraphNetwork net = (GraphNetwork) Networks.build(spec(Architecture.RESNET18, 32, 32, 3, 4, "adam", NARROW));
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 3, 32, 32);
        INDArray pooled = net.graph().feedForward(x, false).get("avgpool");
        assertEquals(pooled, net.embedding(x));
    }

    @Test
    void aSavedGraphReadsBackAndPredictsTheSame() throws Exception {
        NetworkSpec spec = spec(Architecture.RESNET18, 28, 28, 1, 3, "adam", NARROW);
        TrainableNetwork net = Networks.build(spec);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
        net.fit(x, oneHot(new int[]{0, 1, 2, 0}, 3));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFiles.write(net, bytes, true);
        TrainableNetwork loaded = ModelFiles.read(spec, new ByteArrayInputStream(bytes.toByteArray()), true);
        assertInstanceOf(GraphNetwork.class, loaded);
        assertEquals(net.params(), loaded.params());
        assertArrayEquals(net.updaterState(), loaded.updaterState());
        assertEquals(net.output(x), loaded.output(x));
    }

    private static INDArray oneHot(int[] labels, int classes) {
        INDArray y = Nd4j.zeros(DataType.FLOAT, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            y.putScalar(i, labels[i], 1f);
        }
        return y;
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float f : v) {
            s += Math.abs(f);
        }
        return s;
    }
}
