package dev.trainspark.models;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes and reads float and double arrays for Java serialization as raw little-endian bytes in
 * bulk. Java serialization proper converts such arrays element by element, which for a round's
 * state (tens of megabytes each way) cost more than the copy itself; these go through a bounded
 * buffer, so no second copy of a whole array is ever held.
 */
public final class FloatArrays {
    private static final int CHUNK_BYTES = 1 << 20;

    private FloatArrays() {
    }

    /** Writes the array's length (-1 for null) and then its values. */
    public static void write(ObjectOutputStream out, float[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values == null) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK_BYTES, 4 * Math.max(1, values.length))).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buffer.capacity() / 4;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            buffer.clear();
            buffer.asFloatBuffer().put(values, from, n);
            out.write(buffer.array(), 0, 4 * n);
        }
    }

    /** Reads what {@link #write(ObjectOutputStream, float[])} wrote. */
    public static float[] readFloats(ObjectInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK_BYTES, 4 * Math.max(1, length))).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buffer.capacity() / 4;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            in.readFully(buffer.array(), 0, 4 * n);
            buffer.clear();
            buffer.asFloatBuffer().get(values, from, n);
        }
        return values;
    }

    /** Writes the array's length (-1 for null) and then its values. */
    public static void write(ObjectOutputStream out, double[] values) throws IOException {
        out.writeInt(values == null ? -1 : values.length);
        if (values == null) {
            return;
        }
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK_BYTES, 8 * Math.max(1, values.length))).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buffer.capacity() / 8;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            buffer.clear();
            buffer.asDoubleBuffer().put(values, from, n);
            out.write(buffer.array(), 0, 8 * n);
        }
    }

    /** Reads what {@link #write(ObjectOutputStream, double[])} wrote. */
    public static double[] readDoubles(ObjectInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        double[] values = new double[length];
        ByteBuffer buffer = ByteBuffer.allocate(Math.min(CHUNK_BYTES, 8 * Math.max(1, length))).order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = buffer.capacity() / 8;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            in.readFully(buffer.array(), 0, 8 * n);
            buffer.clear();
            buffer.asDoubleBuffer().get(values, from, n);
        }
        return values;
    }
}
