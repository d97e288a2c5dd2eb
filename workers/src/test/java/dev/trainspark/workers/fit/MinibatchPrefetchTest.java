package dev.trainspark.workers.fit;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MinibatchPrefetchTest {

    @Test
    void handsOutEveryIndexInOrderAssembledOnTheBackgroundThread() {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (MinibatchPrefetch<Integer> p = new MinibatchPrefetch<>(3, 9, 2, "trainspark-prefetch-test", i -> {
            threads.add(Thread.currentThread().getName());
            return i * 10;
        })) {
            for (int i = 3; i < 9; i++) {
                assertEquals(i * 10, p.next());
            }
            assertThrows(IllegalStateException.class, p::next);
        }
        assertEquals(Set.of("trainspark-prefetch-test"), threads);
    }

    @Test
    void depthZeroAssemblesOnTheCallersThreadWhenAsked() {
        Thread caller = Thread.currentThread();
        AtomicInteger assembled = new AtomicInteger();
        try (MinibatchPrefetch<Integer> p = new MinibatchPrefetch<>(0, 3, 0, "unused", i -> {
            assertEquals(caller, Thread.currentThread());
            assembled.incrementAndGet();
            return i;
        })) {
            assertEquals(0, assembled.get(), "nothing is assembled before it is asked for");
            assertEquals(0, p.next());
            assertEquals(1, assembled.get());
            assertEquals(1, p.next());
            assertEquals(2, p.next());
        }
    }

    @Test
    void runsAheadByAtMostTheDepth() throws InterruptedException {
        int depth = 2;
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger violations = new AtomicInteger();
        CountDownLatch firstTwo = new CountDownLatch(depth);
        Set<Integer> started = ConcurrentHashMap.newKeySet();
        try (MinibatchPrefetch<Integer> p = new MinibatchPrefetch<>(0, 12, depth, "trainspark-prefetch-test", i -> {
            started.add(i);
            // Index i may start only once next() has been called i - depth + 1 times.
            if (i - depth + 1 > calls.get()) {
                violations.incrementAndGet();
            }
            firstTwo.countDown();
            return i;
        })) {
            assertTrue(firstTwo.await(10, TimeUnit.SECONDS), "the first two are assembled before anyone asks");
            Thread.sleep(150);
            assertEquals(Set.of(0, 1), started, "and no more than two");
            for (int i = 0; i < 12; i++) {
                calls.incrementAndGet();
                assertEquals(i, p.next());
                Thread.sleep(5);
            }
        }
        assertEquals(0, violations.get());
    }

    @Test
    void anAssemblyFailureReachesTheCallerAsThrownWhenItsTurnComes() {
        try (MinibatchPrefetch<Integer> p = new MinibatchPrefetch<>(0, 6, 2, "trainspark-prefetch-test", i -> {
            if (i == 3) {
                throw new IllegalArgumentException("row " + i + " is broken");
            }
            return i;
        })) {
            assertEquals(List.of(0, 1, 2), List.of(p.next(), p.next(), p.next()));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::next);
            assertEquals("row 3 is broken", e.getMessage());
        }
    }

    @Test
    void aNegativeDepthIsRefusedNamingTheKey() {
        assertThrows(IllegalArgumentException.class, () -> new MinibatchPrefetch<Integer>(0, 1, -1, "t", i -> i));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MinibatchSteps.PLAIN.withPrefetch(-1));
        assertEquals("train.prefetch is -1; accepted: an integer >= 0", e.getMessage());
    }
}
