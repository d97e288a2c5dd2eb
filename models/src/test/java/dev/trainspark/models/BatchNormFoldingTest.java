package dev.trainspark.models;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Folded networks predict as the trained ones do (max abs difference of the class probabilities at
 * most 1e-5), after a few training steps on random data have moved every normalization's running
 * statistics away from their initial 0 and 1, and with fewer layers and parameters by exactly what
 * the normalizations held.
 */
class BatchNormFoldingTest {
    private static final double TOLERANCE = 1e-5;
    private static final int CLASSES = 5;

    private static NetworkSpec spec(Architecture a, int side, int channels, double width) {
        return new NetworkSpec(a, side, side, channels, CLASSES, new OptimizerSpec("adam", 1e-2, 0), 3, List.of(), null, width);
    }

    private static DataSet randomBatch(long seed, int n, int channels, int side) {
        Nd4j.getRandom().setSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, channels, side, side).muli(3).subi(1);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, CLASSES);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, (i * 7 + seed) % CLASSES, 1);
        }
        return new DataSet(x, y);
    }

    /** A few steps on random data, so the running statistics are the data's, not the initial ones. */
    private static void train(Model net, int channels, int side) {
        for (int step = 0; step < 4; step++) {
            DataSet batch = randomBatch(100 + step, 16, channels, side);
            if (net instanceof MultiLayerNetwork stack) {
                stack.fit(batch);
            } else {
                ((ComputationGraph) net).fit(batch);
            }
        }
    }

    private static INDArray output(Model net, INDArray x) {
        return net instanceof MultiLayerNetwork stack ? stack.output(x) : ((ComputationGraph) net).outputSingle(x);
    }

    private static double maxAbsDiff(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    private static Layer[] layers(Model net) {
        return net instanceof MultiLayerNetwork stack ? stack.getLayers() : ((ComputationGraph) net).getLayers();
    }

    /** The normalization layers' output channels together; every normalization's running mean has moved. */
    private static long batchNormChannels(Model net) {
        long channels = 0;
        for (Layer layer : layers(net)) {
            if (layer.conf().getLayer() instanceof BatchNormalization bn) {
                assertTrue(layer.getParam("mean").amaxNumber().doubleValue() > 1e-3, "running mean still initial");
                channels += bn.getNOut();
            }
        }
        return channels;
    }

    private static long batchNormCount(Model net) {
        return Arrays.stream(layers(net)).filter(l -> l.conf().getLayer() instanceof BatchNormalization).count();
    }

    private static void assertFoldsExactly(Model trained, Model folded, int channels, int side, long expectedPairs) {
        long normalizations = batchNormCount(trained);
        assertEquals(expectedPairs, normalizations);
        long normalized = batchNormChannels(trained);
        assertEquals(0, batchNormCount(folded));
        assertEquals(layers(trained).length - normalizations, layers(folded).length);
        // Each bias-free layer loses gamma, beta, mean and log-std and gains a bias: three numbers per channel.
        assertEquals(trained.numParams() - 3 * normalized, folded.numParams());
        INDArray x = randomBatch(7, 32, channels, side).getFeatures();
        double diff = maxAbsDiff(output(trained, x), output(folded, x));
        assertTrue(diff <= TOLERANCE, "max abs difference of the probabilities " + diff);
    }

    @ParameterizedTest(name = "{0} {1}x{1}x{2}")
    @CsvSource({"SMALL_CNN_BN, 32, 3, 1, 3", "SMALL_CNN_BN, 28, 1, 1, 3", "VGG11, 32, 3, 0.125, 8", "VGG11, 28, 1, 0.125, 8"})
    void aStackPredictsAsTrainedWithFewerLayersAndParameters(Architecture a, int side, int channels, double width, int pairs) {
        MultiLayerNetwork trained = ((StackNetwork) Networks.build(spec(a, side, channels, width))).network();
        train(trained, channels, side);
        MultiLayerNetwork folded = BatchNormFolding.fold(trained);
        assertFoldsExactly(trained, folded, channels, side, pairs);
    }

    @ParameterizedTest(name = "inception {0}x{0}x{1}")
    @CsvSource({"32, 3", "28, 1"})
    void inceptionPredictsAsTrainedWithItsConsumersRewired(int side, int channels) {
        ComputationGraph trained = new ComputationGraph(
                ((GraphDefinition) Architecture.INCEPTION.definition()).configure(spec(Architecture.INCEPTION, side, channels, 0.125)));
        trained.init();
        train(trained, channels, side);
        ComputationGraph folded = BatchNormFolding.fold(trained);
        // Three stem convolutions and six per block in nine blocks.
        assertFoldsExactly(trained, folded, channels, side, 3 + 9 * 6);
        ComputationGraphConfiguration conf = folded.getConfiguration();
        assertEquals(List.of("inception3a_1x1"), conf.getVertexInputs().get("inception3a_1x1_relu"));
        assertFalse(conf.getVertices().containsKey("inception3a_1x1_bn"));
    }

    @Test
    void aNetworkWithoutBatchNormalizationFoldsToItself() {
        MultiLayerNetwork trained = ((StackNetwork) Networks.build(spec(Architecture.LENET, 28, 1, 1))).network();
        train(trained, 1, 28);
        MultiLayerNetwork folded = BatchNormFolding.fold(trained);
        assertEquals(trained.getLayers().length, folded.getLayers().length);
        assertEquals(trained.numParams(), folded.numParams());
        assertEquals(trained.params(), folded.params());
        INDArray x = randomBatch(7, 32, 1, 28).getFeatures();
        assertEquals(0.0, maxAbsDiff(trained.output(x), folded.output(x)));
    }

    /**
     * A dense layer with bias before a normalization that keeps its variance as such (not as
     * log10 std), a convolution with bias before one with locked gamma and beta, and a convolution
     * whose ReLU comes before its normalization, which is not linear and stays as it is.
     */
    @Test
    void denseAndBiasedPairsFoldAndANonLinearOneStays() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(5).updater(new Adam(1e-2))
                .convolutionMode(ConvolutionMode.Same).list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().lockGammaBeta(true).gamma(1.5).beta(-0.25).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.RELU).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new DenseLayer.Builder().nOut(12).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().useLogStd(false).build())
                .layer(new ActivationLayer.Builder().activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(10, 10, 2))
                .build();
        MultiLayerNetwork trained = new MultiLayerNetwork(conf);
        trained.init();
        train(trained, 2, 10);
        MultiLayerNetwork folded = BatchNormFolding.fold(trained);
        assertEquals(8 - 2, folded.getLayers().length);
        assertTrue(folded.getLayer(1).conf().getLayer() instanceof ConvolutionLayer, "the ReLU convolution is kept");
        assertTrue(folded.getLayer(2).conf().getLayer() instanceof BatchNormalization, "and its normalization too");
        // Locked: no parameters but the running mean and log-std (2 x 6); dense: gamma, beta, mean, var (4 x 12).
        assertEquals(trained.numParams() - 2 * 6 - 4 * 12, folded.numParams());
        INDArray x = randomBatch(7, 32, 2, 10).getFeatures();
        double diff = maxAbsDiff(trained.output(x), folded.output(x));
        assertTrue(diff <= TOLERANCE, "max abs difference of the probabilities " + diff);
    }

    @Test
    void anInferenceOnlySpecBuildsTheFoldedLayoutAndAnExportedModelPredictsAsTrained() throws Exception {
        NetworkSpec spec = spec(Architecture.SMALL_CNN_BN, 28, 1, 0.5);
        MultiLayerNetwork trained = ((StackNetwork) Networks.build(spec)).network();
        train(trained, 1, 28);
        Provenance provenance = new Provenance("0.1.0", "ab12", 3, "10:ff", null, null, "2024-05-01T10:00:00Z", null);
        SavedModel model = new SavedModel(spec, List.of("a", "b", "c", "d", "e"),
                List.of(new ModelState(trained.params().toFloatVector(), new float[0])), null, provenance);

        SavedModel exported = InferenceExport.of(model, "runs/train-1/model", Instant.parse("2024-06-01T00:00:00Z"));
        assertTrue(exported.spec().inferenceOnly());
        assertEquals(spec, new NetworkSpec(spec.architecture(), 28, 28, 1, CLASSES, spec.optimizer(), spec.seed(),
                spec.classWeights(), spec.loss(), spec.widthMultiplier()), "the old constructor stays trainable");
        assertEquals("runs/train-1/model", exported.provenance().parent());
        assertEquals("ab12", exported.provenance().configSha256());
        assertThrows(IllegalArgumentException.class, () -> InferenceExport.of(exported, "x", Instant.now()));

        MemoryModelFolder folder = new MemoryModelFolder();
        exported.write(folder);
        assertTrue(new String(folder.read(SavedModel.SPEC)).contains("\"inferenceOnly\" : true"));
        SavedModel read = SavedModel.read(folder);
        assertEquals(exported.spec(), read.spec());
        MultiLayerNetwork rebuilt = ((StackNetwork) Networks.build(read.spec())).network();
        rebuilt.setParams(Nd4j.create(read.members().get(0).params()));
        assertEquals(trained.getLayers().length - 3, rebuilt.getLayers().length);
        INDArray x = randomBatch(7, 32, 1, 28).getFeatures();
        double diff = maxAbsDiff(trained.output(x), rebuilt.output(x));
        assertTrue(diff <= TOLERANCE, "max abs difference of the probabilities " + diff);
    }

    @Test
    void aSpecWrittenBeforeInferenceOnlyExistedReadsAsTrainable() throws Exception {
        NetworkSpec spec = spec(Architecture.SMALL_CNN_BN, 28, 1, 1);
        String json = new ObjectMapper().writeValueAsString(spec)
                .replace(",\"inferenceOnly\":false", "");
        assertFalse(json.contains("inferenceOnly"), json);
        assertEquals(spec, SavedModel.readSpec(json));
    }
}
