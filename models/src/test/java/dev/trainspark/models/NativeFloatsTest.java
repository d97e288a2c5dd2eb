package dev.trainspark.models;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NativeFloatsTest {

    @Test
    void copiesOutWhatToFloatVectorReturnsForWholeArraysAndViews() {
        INDArray whole = Nd4j.rand(DataType.FLOAT, 1, 1000);
        assertArrayEquals(whole.toFloatVector(), NativeFloats.copyOf(whole));
        INDArray view = Nd4j.rand(DataType.FLOAT, 4, 300).getRow(2);
        assertArrayEquals(view.toFloatVector(), NativeFloats.copyOf(view));
    }

    @Test
    void copiesInPlaceIntoWholeArraysAndViews() {
        float[] values = Nd4j.rand(DataType.FLOAT, 1, 300).toFloatVector();
        INDArray whole = Nd4j.zeros(DataType.FLOAT, 1, 300);
        NativeFloats.copyInto(values, whole);
        assertArrayEquals(values, whole.toFloatVector());
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, 4, 300);
        NativeFloats.copyInto(values, matrix.getRow(1));
        assertArrayEquals(values, matrix.getRow(1).toFloatVector());
        assertEquals(0.0, matrix.getRow(0).sumNumber().doubleValue());
        assertThrows(IllegalArgumentException.class, () -> NativeFloats.copyInto(new float[3], whole));
    }

    @Test
    void copiesBetweenARangeOfALongerVectorAndWholeArraysAndViews() {
        INDArray whole = Nd4j.rand(DataType.FLOAT, 1, 300);
        INDArray view = Nd4j.rand(DataType.FLOAT, 4, 300).getRow(2);
        float[] packed = new float[700];
        NativeFloats.copyInto(whole, packed, 50);
        NativeFloats.copyInto(view, packed, 350);
        assertArrayEquals(whole.toFloatVector(), java.util.Arrays.copyOfRange(packed, 50, 350));
        assertArrayEquals(view.toFloatVector(), java.util.Arrays.copyOfRange(packed, 350, 650));
        assertEquals(0f, packed[0]);
        assertEquals(0f, packed[699]);

        INDArray back = Nd4j.zeros(DataType.FLOAT, 1, 300);
        NativeFloats.copyInto(packed, 350, back);
        assertArrayEquals(view.toFloatVector(), back.toFloatVector());
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, 4, 300);
        NativeFloats.copyInto(packed, 50, matrix.getRow(3));
        assertArrayEquals(whole.toFloatVector(), matrix.getRow(3).toFloatVector());
        assertThrows(IllegalArgumentException.class, () -> NativeFloats.copyInto(packed, 401, back));
    }

    @Test
    void aNetworkTakesParametersAndUpdaterStateFromFloatsAsFromArrays() {
        for (Architecture a : List.of(Architecture.LENET, Architecture.RESNET18)) {
            NetworkSpec spec = new NetworkSpec(a, 28, 28, 1, 3, new OptimizerSpec("adam", 1e-3, 0), 5, List.of(), null, 0.125);
            TrainableNetwork trained = Networks.build(spec);
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, 1, 28, 28);
            INDArray y = Nd4j.eye(3).getRows(0, 1, 2, 0).castTo(DataType.FLOAT);
            trained.fit(x, y);
            TrainableNetwork copy = Networks.build(spec.withOptimizer(spec.optimizer()));
            assertNotEquals(trained.params(), copy.params(), a.configName());
            copy.setParams(NativeFloats.copyOf(trained.params()));
            copy.setUpdaterState(trained.updaterState());
            copy.setProgress(1, 0);
            assertEquals(trained.params(), copy.params(), a.configName());
            assertArrayEquals(trained.updaterState(), copy.updaterState(), a.configName());
            assertEquals(trained.output(x), copy.output(x), "the layers read the copied parameters: " + a.configName());
            trained.fit(x, y);
            copy.fit(x, y);
            assertEquals(trained.params(), copy.params(), "the next step continues from the copied state: " + a.configName());
        }
    }
}
