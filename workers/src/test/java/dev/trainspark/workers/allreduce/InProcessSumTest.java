package dev.trainspark.workers.allreduce;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InProcessSumTest {
    interface Body {
        void run(InProcessSum rank) throws Exception;
    }

    /** Runs {@code body} on {@code n} ranks of one fresh group, each on its own thread, and returns what each threw. */
    private static List<Throwable> runRanks(int n, Body body) throws Exception {
        String key = UUID.randomUUID().toString();
        ExecutorService threads = Executors.newFixedThreadPool(n);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                int rank = r;
                futures.add(threads.submit(() -> {
                    try (InProcessSum sum = InProcessSum.join(key, rank, n)) {
                        body.run(sum);
                    }
                    return null;
                }));
            }
            List<Throwable> thrown = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    f.get(20, TimeUnit.SECONDS);
                    thrown.add(null);
                } catch (java.util.concurrent.ExecutionException e) {
                    thrown.add(e.getCause());
                }
            }
            return thrown;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void everyRankGetsTheSameBitsAsTheTcpRingSumsInTheSameOrder() throws Exception {
        for (int n : new int[]{1, 2, 3, 5}) {
            for (int length : new int[]{0, 1, n + 2, 100_003}) {
                float[][] inputs = RingAllreduceTest.randomFloats(n, length, 31L * n + length);
                float[][] inProcess = RingAllreduceTest.copies(inputs);
                float[][] overTcp = RingAllreduceTest.copies(inputs);
                for (int repeat = 0; repeat < 2; repeat++) {
                    runRanks(n, rank -> rank.sumInPlace(inProcess[rank.rank()]));
                    try (LocalRing ring = LocalRing.of(n)) {
                        ring.runAllOk(rank -> rank.sumInPlace(overTcp[rank.rank()]));
                    }
                }
                for (int r = 0; r < n; r++) {
                    assertArrayEquals(overTcp[r], inProcess[r], "n=" + n + " length=" + length + " rank " + r);
                }
                if (length > 0) {
                    float[][] once = RingAllreduceTest.copies(inputs);
                    runRanks(n, rank -> rank.sumInPlace(once[rank.rank()]));
                    assertArrayEquals(RingAllreduceTest.sumInRingOrder(inputs), once[0]);
                }
            }
        }
    }

    @Test
    void doublesAndRepeatedCallsShareOneGroup() throws Exception {
        List<Throwable> thrown = runRanks(3, rank -> {
            for (int call = 0; call < 5; call++) {
                double[] counts = {rank.rank() + 1, call};
                rank.sumInPlace(counts);
                assertEquals(6.0, counts[0]);
                assertEquals(3.0 * call, counts[1]);
            }
        });
        thrown.forEach(t -> assertEquals(null, t));
    }

    @Test
    void aLengthMismatchFailsEveryRankNamingBothLengths() {
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            List<Throwable> thrown = runRanks(2, rank -> rank.sumInPlace(new float[10 + rank.rank()]));
            for (Throwable t : thrown) {
                assertTrue(t instanceof IOException, String.valueOf(t));
                assertTrue(t.getMessage().contains("length mismatch") && t.getMessage().contains("10")
                        && t.getMessage().contains("11"), t.getMessage());
            }
        });
    }

    @Test
    void aRankThatLeavesEndsTheOthersWaitWithAnError() {
        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            List<Throwable> thrown = runRanks(3, rank -> {
                if (rank.rank() == 1) {
                    Thread.sleep(300);
                    return; // leaves without summing: close breaks the others' barrier
                }
                rank.sumInPlace(new float[100]);
            });
            assertTrue(thrown.get(0) instanceof IOException, String.valueOf(thrown.get(0)));
            assertTrue(thrown.get(2) instanceof IOException, String.valueOf(thrown.get(2)));
            assertEquals(null, thrown.get(1));
        });
    }

    @Test
    void anInterruptedRankEndsItsWaitPromptly() throws Exception {
        String key = UUID.randomUUID().toString();
        InProcessSum lonely = InProcessSum.join(key, 0, 2);
        Throwable[] seen = new Throwable[1];
        Thread t = new Thread(() -> {
            try {
                lonely.sumInPlace(new float[4]);
            } catch (IOException e) {
                seen[0] = e;
            }
        });
        t.start();
        Thread.sleep(200);
        t.interrupt();
        t.join(2000);
        lonely.close();
        assertTrue(seen[0] instanceof InterruptedIOException, String.valueOf(seen[0]));
    }

    @Test
    void aRankOutsideTheGroupIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> InProcessSum.join("k", 2, 2));
        String key = UUID.randomUUID().toString();
        try (InProcessSum first = InProcessSum.join(key, 0, 2)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InProcessSum.join(key, 1, 3));
            assertTrue(e.getMessage().contains("has 2 ranks, not 3"), e.getMessage());
        }
    }
}
