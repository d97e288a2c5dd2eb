package dev.trainspark.models;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FocalLossTest {
    private static final double[] WEIGHTS = {2.0, 0.5, 1.0};
    private DataType savedType;

    @BeforeEach
    void doublePrecision() {
        savedType = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterEach
    void restore() {
        Nd4j.setDefaultDataTypes(savedType, savedType);
    }

    private static INDArray oneHot(int n, int classes, long seed) {
        Random r = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, classes);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, r.nextInt(classes), 1.0);
        }
        return y;
    }

    private static INDArray logits(int n, int classes, long seed) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, n, classes).muli(2.0);
    }

    @Test
    void gammaZeroIsWeightedCrossEntropy() {
        INDArray y = oneHot(16, 3, 1);
        INDArray z = logits(16, 3, 2);
        var softmax = new ActivationSoftmax();
        FocalLoss focal = new FocalLoss(0, WEIGHTS);
        LossMCXENT xent = new LossMCXENT(Nd4j.create(WEIGHTS).reshape(1, 3));
        assertEquals(xent.computeScore(y, z, softmax, null, true), focal.computeScore(y, z, softmax, null, true), 1e-9);
        INDArray a = xent.computeScoreArray(y, z, softmax, null);
        INDArray b = focal.computeScoreArray(y, z, softmax, null);
        assertTrue(a.equalsWithEps(b, 1e-9), a + " vs " + b);
        INDArray ga = xent.computeGradient(y, z, softmax, null);
        INDArray gb = focal.computeGradient(y, z, softmax, null);
        assertTrue(ga.equalsWithEps(gb, 1e-9), ga + " vs " + gb);
    }

    @Test
    void gradientMatchesCentralDifferencesOfTheScore() {
        for (double gamma : new double[]{0.5, 1, 2, 5}) {
            INDArray y = oneHot(6, 3, 3);
            INDArray z = logits(6, 3, 4);
            var softmax = new ActivationSoftmax();
            FocalLoss focal = new FocalLoss(gamma, WEIGHTS);
            INDArray grad = focal.computeGradient(y, z, softmax, null);
            double h = 1e-6;
            for (int i = 0; i < z.rows(); i++) {
                for (int j = 0; j < z.columns(); j++) {
                    double v = z.getDouble(i, j);
                    z.putScalar(i, j, v + h);
                    double up = focal.computeScore(y, z, softmax, null, false);
                    z.putScalar(i, j, v - h);
                    double down = focal.computeScore(y, z, softmax, null, false);
                    z.putScalar(i, j, v);
                    double numeric = (up - down) / (2 * h);
                    assertEquals(numeric, grad.getDouble(i, j), 1e-6 + 1e-5 * Math.abs(numeric),
                            "gamma " + gamma + " at (" + i + ", " + j + ")");
                }
            }
        }
    }

    @Test
    void dl4jGradientCheckPassesThroughANetworkWithFocalLoss() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(12).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(new FocalLoss(2, WEIGHTS)).nIn(5).nOut(3).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 8, 4);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(oneHot(8, 3, 6)).epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8));
        assertTrue(ok, "DL4J's gradient check failed for focal loss");
    }

    @Test
    void focalLossSurvivesTheNetworkConfigsJsonAndDownWeightsEasyExamples() {
        NetworkSpec spec = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1, List.of(),
                new LossSpec("focal", 2, List.of(1.0, 2.0, 3.0)));
        MultiLayerConfiguration conf = ((StackDefinition) spec.architecture().definition()).configure(spec);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, back);

        ExampleLoss focal = ExampleLoss.of(spec);
        ExampleLoss xent = ExampleLoss.of(new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1));
        double[] easy = focal.of(new double[]{0.95}, new int[]{2});
        assertEquals(3 * Math.pow(0.05, 2) * -Math.log(0.95), easy[0], 1e-12);
        assertEquals(-Math.log(0.95), xent.of(new double[]{0.95}, new int[]{2})[0], 1e-12);
        // Relative to cross-entropy, the hard example loses far less of its loss than the easy one.
        double hardRatio = focal.of(new double[]{0.1}, new int[]{0})[0] / xent.of(new double[]{0.1}, new int[]{0})[0];
        assertTrue(hardRatio > 100 * Math.pow(0.05, 2), "hard ratio " + hardRatio);
    }

    @Test
    void exampleLossIsTheOutputLayersPerExampleScore() {
        NetworkSpec spec = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 1, List.of(0.5, 1.0, 4.0),
                new LossSpec("focal", 1.5, List.of(2.0, 1.0, 1.0)));
        INDArray y = oneHot(10, 3, 7);
        INDArray z = logits(10, 3, 8);
        INDArray fromLayer = Losses.outputLoss(spec).computeScoreArray(y, z, new ActivationSoftmax(), null);
        INDArray p = new ActivationSoftmax().getActivation(z.dup(), false);
        double[] trueP = new double[10];
        int[] labels = new int[10];
        for (int i = 0; i < 10; i++) {
            labels[i] = y.getRow(i).argMax().getInt(0);
            trueP[i] = p.getDouble(i, labels[i]);
        }
        double[] ours = ExampleLoss.of(spec).of(trueP, labels);
        for (int i = 0; i < 10; i++) {
            assertEquals(fromLayer.getDouble(i, 0), ours[i], 1e-9);
        }
    }

    @Test
    void badLossSettingsNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LossSpec("hinge", 2, List.of()))
                .getMessage().contains("model.loss"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LossSpec("focal", -1, List.of()))
                .getMessage().contains("model.focal_gamma"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new NetworkSpec(Architecture.LENET, 28, 28, 1, 3,
                "adam", 1e-3, 0, 1, List.of(), new LossSpec("focal", 2, List.of(1.0, 1.0)))).getMessage().contains("model.focal_alpha"));
    }
}
