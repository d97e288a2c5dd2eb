package dev.trainspark.models;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworksTest {

    @Test
    void bothArchitecturesBuildAndPredictAProbabilityPerClass() {
        for (Architecture a : Architecture.values()) {
            if (!(a.definition() instanceof StackDefinition)) {
                continue;
            }
            NetworkSpec spec = new NetworkSpec(a, 28, 28, 1, 10, "adam", 1e-3, 1e-4, 7);
            TrainableNetwork net = Networks.build(spec);
            INDArray out = net.output(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 1, 28, 28));
            assertArrayEquals(new long[]{4, 10}, out.shape(), a.configName());
            assertEquals(4.0, out.sumNumber().doubleValue(), 1e-4, "softmax rows sum to 1");
        }
    }

    @Test
    void lenetHasTheTextbookParameterCount() {
        NetworkSpec spec = new NetworkSpec(Architecture.LENET, 28, 28, 1, 10, "adam", 1e-3, 0, 7);
        // conv1 5*5*1*20+20, conv2 5*5*20*50+50, dense 4*4*50*500+500, output 500*10+10
        assertEquals(520 + 25050 + 400500 + 5010, Networks.build(spec).numParams());
    }

    @Test
    void sameSeedGivesSameInitialWeights() {
        NetworkSpec spec = new NetworkSpec(Architecture.SMALL_CNN_BN, 16, 16, 3, 4, "sgd", 0.1, 0, 11);
        assertEquals(Networks.build(spec).params(), Networks.build(spec).params());
    }

    @Test
    void saveAndLoadKeepsParameters() throws Exception {
        NetworkSpec spec = new NetworkSpec(Architecture.SMALL_CNN_BN, 28, 28, 1, 3, "adam", 1e-3, 0, 5);
        TrainableNetwork net = Networks.build(spec);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ModelFiles.write(net, bytes, true);
        TrainableNetwork loaded = ModelFiles.read(spec, new ByteArrayInputStream(bytes.toByteArray()), true);
        assertEquals(net.params(), loaded.params());
    }

    @Test
    void classWeightsScaleEachExamplesLossByItsTrueClassWeight() {
        NetworkSpec plain = new NetworkSpec(Architecture.LENET, 28, 28, 1, 3, "adam", 1e-3, 0, 7);
        NetworkSpec weighted = plain.withClassWeights(java.util.List.of(3.0, 1.0, 0.5));
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 1, 28, 28);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 6, 3);
        for (int i = 0; i < 6; i++) {
            y.putScalar(i, i < 4 ? 0 : 2, 1f);
        }
        TrainableNetwork a = Networks.build(plain);
        StackNetwork b = (StackNetwork) Networks.build(weighted);
        assertEquals(a.params(), b.params(), "weights do not change the initialisation");
        INDArray p = a.output(x);
        double[] perExample = new double[6];
        double expectedWeighted = 0;
        for (int i = 0; i < 6; i++) {
            int c = i < 4 ? 0 : 2;
            perExample[i] = -Math.log(p.getDouble(i, c));
            expectedWeighted += (c == 0 ? 3.0 : 0.5) * perExample[i];
        }
        double score = b.network().score(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertEquals(expectedWeighted / 6, score, 1e-4);
        assertThrows(IllegalArgumentException.class, () -> plain.withClassWeights(java.util.List.of(1.0, 2.0)));
        assertThrows(IllegalArgumentException.class, () -> plain.withClassWeights(java.util.List.of(1.0, 0.0, 1.0)));
    }

    @Test
    void invalidSpecificationsNameTheKeyAndTheAcceptedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(Architecture.LENET, 28, 28, 2, 10, "adam", 1e-3, 0, 1));
        assertTrue(e.getMessage().contains("data.image.channels") && e.getMessage().contains("1 or 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(Architecture.LENET, 28, 28, 1, 10, "adamax", 1e-3, 0, 1));
        assertTrue(e.getMessage().contains("model.updater"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new NetworkSpec(Architecture.LENET, 28, 28, 1, 10, "adam", 0, 0, 1));
        assertTrue(e.getMessage().contains("model.learning_rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Architecture.fromConfigName("resnet9000"));
        assertTrue(e.getMessage().contains("lenet, small_cnn_bn"), e.getMessage());
    }
}
