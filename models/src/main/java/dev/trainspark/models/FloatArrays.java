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

    /** Moves {@code n} values starting at {@code from} between an array and a chunk's bytes. */
    private interface ChunkCopy {
        void copy(ByteBuffer chunk, int from, int n);
    }

    /** Writes the array's length (-1 for null) and then its values. */
    public static void write(ObjectOutputStream out, float[] values) throws IOException {
        writeChunks(out, values == null ? -1 : values.length, Float.BYTES,
                (chunk, from, n) -> chunk.asFloatBuffer().put(values, from, n));
    }

    /** Writes the array's length (-1 for null) and then its values. */
    public static void write(ObjectOutputStream out, double[] values) throws IOException {
        writeChunks(out, values == null ? -1 : values.length, Double.BYTES,
                (chunk, from, n) -> chunk.asDoubleBuffer().put(values, from, n));
    }

    /** Reads what {@link #write(ObjectOutputStream, float[])} wrote. */
    public static float[] readFloats(ObjectInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        float[] values = new float[length];
        readChunks(in, length, Float.BYTES, (chunk, from, n) -> chunk.asFloatBuffer().get(values, from, n));
        return values;
    }

    /** Reads what {@link #write(ObjectOutputStream, double[])} wrote. */
    public static double[] readDoubles(ObjectInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        double[] values = new double[length];
        readChunks(in, length, Double.BYTES, (chunk, from, n) -> chunk.asDoubleBuffer().get(values, from, n));
        return values;
    }

    private static void writeChunks(ObjectOutputStream out, int length, int width, ChunkCopy fill) throws IOException {
        out.writeInt(length);
        ByteBuffer chunk = chunk(length, width);
        int perChunk = chunk.capacity() / width;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            chunk.clear();
            fill.copy(chunk, from, n);
            out.write(chunk.array(), 0, width * n);
        }
    }

    private static void readChunks(ObjectInputStream in, int length, int width, ChunkCopy drain) throws IOException {
        ByteBuffer chunk = chunk(length, width);
        int perChunk = chunk.capacity() / width;
        for (int from = 0; from < length; from += perChunk) {
            int n = Math.min(perChunk, length - from);
            in.readFully(chunk.array(), 0, width * n);
            chunk.clear();
            drain.copy(chunk, from, n);
        }
    }

    private static ByteBuffer chunk(int length, int width) {
        return ByteBuffer.allocate(Math.min(CHUNK_BYTES, width * Math.max(1, length))).order(ByteOrder.LITTLE_ENDIAN);
    }
}
