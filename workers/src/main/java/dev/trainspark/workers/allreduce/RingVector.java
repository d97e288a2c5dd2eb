package dev.trainspark.workers.allreduce;

import java.nio.ByteBuffer;

/**
 * The array a call sums, seen as runs of elements moved between it and the wire buffers. The
 * buffers' byte order is {@link RingProtocol#ORDER}; moves go through typed views, which are bulk
 * memory copies when that order is the host's.
 */
sealed interface RingVector {

    int length();

    int bytesPerElement();

    /** Writes {@code count} elements from {@code offset} at {@code dst}'s position and advances it. */
    void copyTo(ByteBuffer dst, int offset, int count);

    /** Adds {@code count} elements read at {@code src}'s position to those at {@code offset}; advances src. */
    void addFrom(ByteBuffer src, int offset, int count);

    /** Overwrites {@code count} elements at {@code offset} with those at {@code src}'s position; advances src. */
    void copyFrom(ByteBuffer src, int offset, int count);

    /** A float array; {@code scratch} holds a buffer's worth of received elements before they are added. */
    record Floats(float[] data, float[] scratch) implements RingVector {
        @Override
        public int length() {
            return data.length;
        }

        @Override
        public int bytesPerElement() {
            return Float.BYTES;
        }

        @Override
        public void copyTo(ByteBuffer dst, int offset, int count) {
            dst.asFloatBuffer().put(data, offset, count);
            dst.position(dst.position() + count * Float.BYTES);
        }

        @Override
        public void addFrom(ByteBuffer src, int offset, int count) {
            src.asFloatBuffer().get(scratch, 0, count);
            src.position(src.position() + count * Float.BYTES);
            // local + received: float addition commutes exactly, so this is the running sum of the
            // ranks before this one plus this rank's value, the order the class comment promises.
            for (int i = 0; i < count; i++) {
                data[offset + i] += scratch[i];
            }
        }

        @Override
        public void copyFrom(ByteBuffer src, int offset, int count) {
            src.asFloatBuffer().get(data, offset, count);
            src.position(src.position() + count * Float.BYTES);
        }
    }

    /** A double array; see {@link Floats}. */
    record Doubles(double[] data, double[] scratch) implements RingVector {
        @Override
        public int length() {
            return data.length;
        }

        @Override
        public int bytesPerElement() {
            return Double.BYTES;
        }

        @Override
        public void copyTo(ByteBuffer dst, int offset, int count) {
            dst.asDoubleBuffer().put(data, offset, count);
            dst.position(dst.position() + count * Double.BYTES);
        }

        @Override
        public void addFrom(ByteBuffer src, int offset, int count) {
            src.asDoubleBuffer().get(scratch, 0, count);
            src.position(src.position() + count * Double.BYTES);
            for (int i = 0; i < count; i++) {
                data[offset + i] += scratch[i];
            }
        }

        @Override
        public void copyFrom(ByteBuffer src, int offset, int count) {
            src.asDoubleBuffer().get(data, offset, count);
            src.position(src.position() + count * Double.BYTES);
        }
    }
}
