package dev.trainspark.workers.allreduce;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.reflect.Array;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The ranks' sum when all of them run in this JVM: each rank lends its array, sums one chunk of
 * all the arrays into a buffer of its own, and writes that chunk back into every array; three
 * barriers keep the phases apart. Chunk c is summed as d_c + d_(c+1) + ... (ranks mod n, left to
 * right), the order the TCP ring sums it in, so the result is the same bits. It moves each element
 * about twice through memory instead of through loopback sockets.
 *
 * <p>A rank that fails or closes breaks the barrier, and every other rank's call ends in an
 * {@link IOException}; an interrupted rank's call ends in an {@link InterruptedIOException}.
 */
public final class InProcessSum implements ReplicaSum {
    /** How long a rank waits for the others at one barrier before the sum fails. */
    private static final long WAIT_MINUTES = 30;
    private static final Map<String, Group> GROUPS = new ConcurrentHashMap<>();

    private final Group group;
    private final int rank;
    private boolean closed;
    /** This rank's chunk sums, kept between calls: every round sums a chunk of the same size. */
    private float[] floatSum = new float[0];
    private double[] doubleSum = new double[0];

    private static final class Group {
        final String key;
        final int size;
        final Object[] slots;
        final CyclicBarrier barrier;
        int members;

        Group(String key, int size) {
            this.key = key;
            this.size = size;
            this.slots = new Object[size];
            this.barrier = new CyclicBarrier(size);
        }
    }

    private InProcessSum(Group group, int rank) {
        this.group = group;
        this.rank = rank;
    }

    /**
     * Joins the group {@code key} of {@code size} ranks in this JVM (made by the first to come).
     *
     * @param key the same for all ranks of one gathering, and never reused by another
     */
    public static InProcessSum join(String key, int rank, int size) {
        if (size < 1 || rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank " + rank + " of a group of " + size + "; expected 0.." + (size - 1));
        }
        Group group = GROUPS.compute(key, (k, existing) -> {
            Group g = existing != null ? existing : new Group(k, size);
            g.members++;
            return g;
        });
        if (group.size != size) {
            leave(group);
            throw new IllegalArgumentException("group " + key + " has " + group.size + " ranks, not " + size);
        }
        return new InProcessSum(group, rank);
    }

    @Override
    public int rank() {
        return rank;
    }

    @Override
    public int size() {
        return group.size;
    }

    @Override
    public void sumInPlace(float[] data) throws IOException {
        sum(data, float[].class);
    }

    @Override
    public void sumInPlace(double[] data) throws IOException {
        sum(data, double[].class);
    }

    private void sum(Object data, Class<?> kind) throws IOException {
        if (closed) {
            throw new IOException("the in-process sum of rank " + rank + " is closed");
        }
        int n = group.size;
        if (n == 1) {
            return;
        }
        group.slots[rank] = data;
        await();
        int length = Array.getLength(data);
        for (int r = 0; r < n; r++) {
            Object other = group.slots[r];
            if (other.getClass() != kind || Array.getLength(other) != length) {
                throw new IOException("length mismatch in sumInPlace: rank " + rank + " has " + length + " "
                        + kind.getComponentType() + " elements, rank " + r + " has " + Array.getLength(other) + " "
                        + other.getClass().getComponentType());
            }
        }
        RingChunks chunks = new RingChunks(length, n);
        int offset = chunks.offset(rank);
        int count = chunks.size(rank);
        Object sum = kind == float[].class ? sumFloats(offset, count) : sumDoubles(offset, count);
        // Everyone has read its chunk from every array before anyone writes.
        await();
        for (int r = 0; r < n; r++) {
            System.arraycopy(sum, 0, group.slots[r], offset, count);
        }
        await();
    }

    private float[] sumFloats(int offset, int count) {
        int n = group.size;
        if (floatSum.length < count) {
            floatSum = new float[count];
        }
        float[] sum = floatSum;
        System.arraycopy(group.slots[rank], offset, sum, 0, count);
        for (int k = 1; k < n; k++) {
            float[] d = (float[]) group.slots[(rank + k) % n];
            for (int i = 0; i < count; i++) {
                sum[i] += d[offset + i];
            }
        }
        return sum;
    }

    private double[] sumDoubles(int offset, int count) {
        int n = group.size;
        if (doubleSum.length < count) {
            doubleSum = new double[count];
        }
        double[] sum = doubleSum;
        System.arraycopy(group.slots[rank], offset, sum, 0, count);
        for (int k = 1; k < n; k++) {
            double[] d = (double[]) group.slots[(rank + k) % n];
            for (int i = 0; i < count; i++) {
                sum[i] += d[offset + i];
            }
        }
        return sum;
    }

    private void await() throws IOException {
        try {
            group.barrier.await(WAIT_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.barrier.reset();
            throw new InterruptedIOException("rank " + rank + " was interrupted while summing");
        } catch (BrokenBarrierException e) {
            throw new IOException("another rank of the in-process sum failed or left while rank " + rank + " waited", e);
        } catch (TimeoutException e) {
            throw new IOException("rank " + rank + " waited " + WAIT_MINUTES + " minutes for the other ranks of the sum", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Ranks still waiting learn that this one is gone.
        if (group.barrier.getNumberWaiting() > 0) {
            group.barrier.reset();
        }
        leave(group);
    }

    private static void leave(Group group) {
        GROUPS.computeIfPresent(group.key, (k, g) -> --g.members == 0 ? null : g);
    }
}
