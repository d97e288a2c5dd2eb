package dev.trainspark.models;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float vectors between the Java heap and a network's native arrays in one bulk copy. ND4J's own
 * {@code Nd4j.create(float[])} and {@code toFloatVector()} go element by element (and the latter
 * through a duplicate), which for a round's state cost more than fitting a small minibatch.
 */
public final class NativeFloats {
    private NativeFloats() {
    }

    /** A copy of a float vector's values. */
    public static float[] copyOf(INDArray source) {
        FloatPointer pointer = wholeBuffer(source);
        if (pointer == null) {
            return source.toFloatVector();
        }
        float[] values = new float[(int) source.length()];
        pointer.get(values, 0, values.length);
        return values;
    }

    /** Overwrites a float vector with {@code values}; their lengths must agree. */
    public static void copyInto(float[] values, INDArray target) {
        if (values.length != target.length()) {
            throw new IllegalArgumentException("cannot copy " + values.length + " values into an array of " + target.length());
        }
        FloatPointer pointer = wholeBuffer(target);
        if (pointer == null) {
            target.assign(Nd4j.create(values).reshape(target.shape()));
            return;
        }
        pointer.put(values, 0, values.length);
    }

    /** Copies a float vector's values into {@code target} from {@code offset} on. */
    public static void copyInto(INDArray source, float[] target, int offset) {
        int n = (int) source.length();
        FloatPointer pointer = wholeBuffer(source);
        if (pointer == null) {
            System.arraycopy(source.toFloatVector(), 0, target, offset, n);
            return;
        }
        pointer.get(target, offset, n);
    }

    /** Overwrites a float vector with {@code target.length()} values of {@code values} from {@code offset} on. */
    public static void copyInto(float[] values, int offset, INDArray target) {
        int n = (int) target.length();
        if (offset < 0 || offset + n > values.length) {
            throw new IllegalArgumentException("cannot copy " + n + " values from offset " + offset + " of " + values.length);
        }
        FloatPointer pointer = wholeBuffer(target);
        if (pointer == null) {
            copyInto(java.util.Arrays.copyOfRange(values, offset, offset + n), target);
            return;
        }
        pointer.put(values, offset, n);
    }

    /**
     * The native memory of an array that is a whole float buffer of its own, contiguous from its
     * start (how DL4J keeps a network's parameters and updater state); null for any other array,
     * which is then copied the slow way.
     */
    private static FloatPointer wholeBuffer(INDArray array) {
        if (array.dataType() != DataType.FLOAT || array.isView() || array.offset() != 0
                || array.data().length() != array.length() || array.data().offset() != 0) {
            return null;
        }
        Pointer pointer = array.data().addressPointer();
        return pointer instanceof FloatPointer floats && floats.position() == 0 ? floats : null;
    }
}
