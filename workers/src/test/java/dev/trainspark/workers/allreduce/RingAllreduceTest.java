package dev.trainspark.workers.allreduce;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingAllreduceTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void everyRankGetsTheSameBitsSummedInTheRingsOrder(int n) throws Exception {
        try (LocalRing ring = LocalRing.of(n)) {
            // One ring serves all the calls: lengths 0, shorter than n, uneven chunks, and large.
            for (int length : new int[] {0, 1, n - 1, 1001, 5_000_000}) {
                float[][] inputs = randomFloats(n, length, 1000L * n + length);
                float[][] results = copies(inputs);
                ring.runAllOk(rank -> rank.sumInPlace(results[rank.rank()]));

                float[] expected = sumInRingOrder(inputs);
                for (int r = 0; r < n; r++) {
                    assertArrayEquals(expected, results[r], "rank " + r + ", length " + length);
                }
                for (int i = 0; i < length; i++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (float[] input : inputs) {
                        exact += input[i];
                        magnitude += Math.abs(input[i]);
                    }
                    assertTrue(Math.abs(results[0][i] - exact) <= 1e-6 * magnitude,
                            "element " + i + ": " + results[0][i] + " vs " + exact);
                }
            }
        }
    }

    @Test
    void doublesAreSummedTooAndCallsOfBothKindsShareTheRing() throws Exception {
        int n = 3;
        try (LocalRing ring = LocalRing.of(n)) {
            for (int call = 0; call < 3; call++) {
                double[][] counters = new double[n][];
                float[][] floats = randomFloats(n, 10, call);
                float[][] floatResults = copies(floats);
                for (int r = 0; r < n; r++) {
                    counters[r] = new double[] {r + 1, 0.1 * r, -r, 1e300};
                }
                ring.runAllOk(rank -> {
                    rank.sumInPlace(counters[rank.rank()]);
                    rank.sumInPlace(floatResults[rank.rank()]);
                });
                for (int r = 0; r < n; r++) {
                    assertEquals(6.0, counters[r][0]);
                    assertEquals(0.1 * 1 + 0.1 * 2, counters[r][1], 1e-15);
                    assertEquals(-3.0, counters[r][2]);
                    assertEquals(3e300, counters[r][3], 1e286);
                    assertArrayEquals(sumInRingOrder(floats), floatResults[r]);
                }
            }
        }
    }

    /** Parameter averaging over the ring gives the driver-side average of two workers, bit for bit. */
    @Test
    void twoRankSumHalvedEqualsTheDriversDoubleAverage() throws Exception {
        Random random = new Random(7);
        int length = 200_000;
        float[] a = new float[length];
        float[] b = new float[length];
        for (int i = 0; i < length; i++) {
            a[i] = (float) random.nextGaussian();
            b[i] = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(7) - 3));
        }
        float[][] results = {a.clone(), b.clone()};
        try (LocalRing ring = LocalRing.of(2)) {
            ring.runAllOk(rank -> rank.sumInPlace(results[rank.rank()]));
        }
        for (int i = 0; i < length; i++) {
            float driver = (float) (((double) a[i] + (double) b[i]) / 2);
            for (float[] result : results) {
                assertEquals(Float.floatToRawIntBits(driver), Float.floatToRawIntBits(result[i] / 2f),
                        "element " + i + ": a=" + a[i] + " b=" + b[i]);
            }
        }
    }

    @Test
    void eachRankSendsTwiceItsShareOfTheArrayPerCall() throws Exception {
        int n = 3;
        int length = 3000;
        try (LocalRing ring = LocalRing.of(n)) {
            float[][] data = randomFloats(n, length, 3);
            ring.runAllOk(rank -> rank.sumInPlace(data[rank.rank()]));
            ring.runAllOk(rank -> rank.sumInPlace(data[rank.rank()]));
            // 2 (n-1) frames of one chunk each per call: header plus length/n floats.
            long perCall = 2L * (n - 1) * (RingProtocol.HEADER_BYTES + (long) length / n * Float.BYTES);
            for (int r = 0; r < n; r++) {
                assertEquals(2 * perCall, ring.rank(r).bytesSent(), "rank " + r);
            }
        }
    }

    @Test
    void aRingOfOneLeavesTheArrayAndSendsNothing() throws Exception {
        try (RingEndpoint endpoint = RingEndpoint.open("localhost");
             RingAllreduce ring = endpoint.join(0, java.util.List.of(endpoint.address()), RingSecret.newSecret(), 1000)) {
            float[] data = {1f, 2f, 3f};
            ring.sumInPlace(data);
            assertArrayEquals(new float[] {1f, 2f, 3f}, data);
            assertEquals(0, ring.bytesSent());
            assertEquals(1, ring.size());
        }
    }

    @Test
    void sendsOnANamedDaemonThread() throws Exception {
        try (LocalRing ring = LocalRing.of(2)) {
            ring.runAllOk(rank -> rank.sumInPlace(new float[10]));
            Thread sender = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().equals("trainspark-allreduce-send-1")).findFirst().orElseThrow();
            assertTrue(sender.isDaemon());
        }
    }

    /** Not a timed assertion: prints the time of one call of a LeNet's parameters and Adam state, x4. */
    @Test
    void timeOfOneCallOfFivePointTwoMillionFloatsOnTwoRanks() throws Exception {
        int length = 5_200_000;
        float[][] inputs = randomFloats(2, length, 52);
        float[][] results = copies(inputs);
        long[] nanos = new long[7];
        try (LocalRing ring = LocalRing.of(2)) {
            for (int call = 0; call < nanos.length; call++) {
                for (int r = 0; r < 2; r++) {
                    System.arraycopy(inputs[r], 0, results[r], 0, length);
                }
                long start = System.nanoTime();
                ring.runAllOk(rank -> rank.sumInPlace(results[rank.rank()]));
                nanos[call] = System.nanoTime() - start;
            }
            assertArrayEquals(sumInRingOrder(inputs), results[1]);
            long[] sorted = Arrays.stream(nanos).skip(2).sorted().toArray();
            System.out.printf("ring allreduce, 2 ranks on localhost, %d floats: median %.1f ms, best %.1f ms"
                            + " (calls after 2 warm-ups: %s ms); rank 0 sent %d bytes%n",
                    length, sorted[sorted.length / 2] / 1e6, sorted[0] / 1e6,
                    Arrays.toString(Arrays.stream(nanos).skip(2).mapToObj(t -> String.format("%.1f", t / 1e6)).toArray()),
                    ring.rank(0).bytesSent() / nanos.length);
        }
    }

    /** The sum each element gets in the ring: chunk c adds ranks c, c+1, ..., c-1 left to right, in float. */
    static float[] sumInRingOrder(float[][] inputs) {
        int n = inputs.length;
        int length = inputs[0].length;
        RingChunks chunks = new RingChunks(length, n);
        float[] sum = new float[length];
        for (int c = 0; c < n; c++) {
            for (int i = chunks.offset(c); i < chunks.offset(c) + chunks.size(c); i++) {
                float s = inputs[c][i];
                for (int k = 1; k < n; k++) {
                    s += inputs[(c + k) % n][i];
                }
                sum[i] = s;
            }
        }
        return sum;
    }

    static float[][] randomFloats(int n, int length, long seed) {
        Random random = new Random(seed);
        float[][] inputs = new float[n][length];
        for (float[] input : inputs) {
            for (int i = 0; i < length; i++) {
                input[i] = (float) random.nextGaussian();
            }
        }
        return inputs;
    }

    static float[][] copies(float[][] inputs) {
        float[][] copies = new float[inputs.length][];
        for (int r = 0; r < inputs.length; r++) {
            copies[r] = inputs[r].clone();
        }
        return copies;
    }
}
