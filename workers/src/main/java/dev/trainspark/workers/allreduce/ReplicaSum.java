package dev.trainspark.workers.allreduce;

import java.io.IOException;

/**
 * How the ranks of an allreduce epoch sum their vectors: over a TCP ring ({@link RingAllreduce})
 * or, when every rank runs in one JVM (a local master, or a single multi-core executor), through
 * shared memory ({@link InProcessSum}). Both give every rank the same bits, each chunk summed in
 * the same order, so which one ran does not change the training.
 */
public interface ReplicaSum extends AutoCloseable {
    int rank();

    int size();

    /** Replaces {@code data}, on every rank, by the element-wise sum over ranks. */
    void sumInPlace(float[] data) throws IOException;

    /** The same for doubles. */
    void sumInPlace(double[] data) throws IOException;

    @Override
    void close();
}
