package dev.trainspark.models;

import dev.trainspark.models.optim.ClassicalMomentum;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.AdaGrad;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.RmsProp;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optimiser settings reach every layer of a network built by an unchanged architecture. */
class NetworkBaseTest {
    private static OptimizerSpec optimizer(String updater, double l2, double l1, double weightDecay, String init, double dropout,
                                           double clip) {
        return new OptimizerSpec(updater, 0.01, l2, l1, 0.9, weightDecay, null, init, dropout, clip);
    }

    private static MultiLayerNetwork lenet(OptimizerSpec optimizer) {
        return ((StackNetwork) Networks.build(new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, optimizer, 7, null, null, 1.0))).network();
    }

    private static List<Layer> layers(MultiLayerNetwork net) {
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        return conf.getConfs().stream().map(c -> c.getLayer()).toList();
    }

    @Test
    void everyUpdaterBuildsLenetAndFitsAMinibatchWithAFiniteLoss() {
        Map<String, Class<? extends IUpdater>> expected = Map.of("sgd", Sgd.class, "momentum", ClassicalMomentum.class,
                "nesterovs", Nesterovs.class, "adagrad", AdaGrad.class, "rmsprop", RmsProp.class, "adam", Adam.class,
                "adamw", Adam.class);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 1, 28, 28);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 3);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 3, 1f);
        }
        for (String updater : OptimizerSpec.UPDATERS) {
            MultiLayerNetwork net = lenet(new OptimizerSpec(updater, 0.01, 0));
            assertInstanceOf(expected.get(updater), ((BaseLayer) layers(net).get(0)).getIUpdater(), updater);
            INDArray before = net.params().dup();
            net.fit(x, y);
            net.fit(x, y);
            assertTrue(Double.isFinite(net.score()), updater + " loss " + net.score());
            assertFalse(before.equals(net.params()), updater + " moved no parameter");
        }
    }

    @Test
    void classicalMomentumStepsByTheVelocity() {
        ClassicalMomentum config = new ClassicalMomentum(0.1, null, 0.5);
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 3);
        GradientUpdater<?> updater = config.instantiate(state, true);
        INDArray g1 = Nd4j.createFromArray(1.0, -2.0, 4.0);
        updater.applyUpdater(g1, 0, 0);
        assertArrayEquals(new double[]{0.1, -0.2, 0.4}, g1.toDoubleVector(), 1e-12, "first step: lr g");
        INDArray g2 = Nd4j.createFromArray(2.0, 2.0, -4.0);
        updater.applyUpdater(g2, 1, 0);
        // v = mu v + lr g = 0.5 * (0.1, -0.2, 0.4) + 0.1 * (2, 2, -4)
        assertArrayEquals(new double[]{0.25, 0.1, -0.2}, g2.toDoubleVector(), 1e-12);
        assertArrayEquals(new double[]{0.25, 0.1, -0.2}, state.toDoubleVector(), 1e-12, "the velocity lives in the state view");
    }

    @Test
    void theDefaultsLeaveTheArchitecturesOwnSettings() {
        MultiLayerNetwork net = lenet(new OptimizerSpec("adam", 0.01, 5e-4));
        for (Layer layer : layers(net)) {
            assertNull(layer.getIDropout());
            if (layer instanceof BaseLayer base) {
                assertEquals(WeightInit.XAVIER.getWeightInitFunction(), base.getWeightInitFn());
                assertEquals(GradientNormalization.None, base.getGradientNormalization());
                assertEquals(List.of(new L2Regularization(5e-4)), base.getRegularization());
            }
        }
    }

    @Test
    void initialisationPenaltiesAndClippingReachEveryLayerWithParameters() {
        MultiLayerNetwork net = lenet(optimizer("adamw", 0, 1e-5, 0.02, "relu_uniform", 0, 2.5));
        int withParameters = 0;
        for (Layer layer : layers(net)) {
            if (layer instanceof BaseLayer base) {
                withParameters++;
                assertEquals(WeightInit.RELU_UNIFORM.getWeightInitFunction(), base.getWeightInitFn());
                assertEquals(GradientNormalization.ClipL2PerLayer, base.getGradientNormalization());
                assertEquals(2.5, base.getGradientNormalizationThreshold());
                List<Regularization> penalties = base.getRegularization();
                assertTrue(penalties.contains(new L1Regularization(1e-5)), penalties.toString());
                assertTrue(penalties.contains(new WeightDecay(0.02, true)), penalties.toString());
                assertFalse(penalties.stream().anyMatch(p -> p instanceof L2Regularization), penalties.toString());
            }
        }
        assertEquals(4, withParameters, "two convolutions, the dense and the output layer");
    }

    @Test
    void dropoutGoesOnTheInputsOfTheFullyConnectedLayersOnly() {
        for (Architecture architecture : Architecture.values()) {
            if (!(architecture.definition() instanceof StackDefinition)) {
                continue;
            }
            NetworkSpec spec = new NetworkSpec(architecture, 28, 28, 1, 3, optimizer("adam", 0, 0, 0, null, 0.25, 0), 7, null,
                    null, 1.0);
            MultiLayerNetwork net = ((StackNetwork) Networks.build(spec)).network();
            List<Layer> layers = layers(net);
            int dropped = 0;
            for (int i = 0; i < layers.size(); i++) {
                Layer layer = layers.get(i);
                boolean fullyConnected = layer instanceof DenseLayer || layer instanceof OutputLayer;
                if (fullyConnected && i > 0) {
                    assertEquals(new Dropout(0.75), layer.getIDropout(), architecture + " layer " + i + " keeps 1 - p");
                    dropped++;
                } else {
                    assertNull(layer.getIDropout(), architecture + " layer " + i + " " + layer.getClass().getSimpleName());
                }
            }
            assertTrue(dropped >= 2, architecture + ": at least the dense and the output layer");
            // Dropout acts in training only: inference stays deterministic.
            INDArray x = Nd4j.rand(DataType.FLOAT, 2, 1, 28, 28);
            assertEquals(net.output(x, false), net.output(x, false));
            assertFalse(net.output(x, true).equals(net.output(x, true)), architecture + ": training passes drop inputs");
        }
    }
}
