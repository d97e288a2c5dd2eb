package dev.trainspark.workers.allreduce;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RingAllreduceFailureTest {
    private static final String SECRET = RingSecret.newSecret();

    private static final Duration PROMPTLY = Duration.ofSeconds(15);

    @Test
    void aLengthMismatchFailsOnEveryRankNamingBothLengths() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            for (int n : new int[] {2, 3, 5}) {
                try (LocalRing ring = LocalRing.of(n)) {
                    // A large array, so that frames are in flight when the mismatch is found.
                    List<Throwable> thrown = ring.runAll(rank ->
                            rank.sumInPlace(new float[rank.rank() == 1 ? 2_000_001 : 2_000_000]));
                    for (int r = 0; r < n; r++) {
                        Throwable t = thrown.get(r);
                        assertInstanceOf(IOException.class, t, "rank " + r + " of " + n);
                        assertTrue(t.getMessage().contains("2000000") && t.getMessage().contains("2000001"),
                                "rank " + r + " of " + n + ": " + t.getMessage());
                    }
                    // The ring is unusable afterwards, and says why.
                    IOException again = assertThrows(IOException.class, () -> ring.rank(0).sumInPlace(new float[1]));
                    assertTrue(again.getMessage().contains("2000001"), again.getMessage());
                }
            }
        });
    }

    @Test
    void callingForFloatsOnOneRankAndDoublesOnAnotherFails() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            try (LocalRing ring = LocalRing.of(2)) {
                List<Throwable> thrown = ring.runAll(rank -> {
                    if (rank.rank() == 0) {
                        rank.sumInPlace(new float[4]);
                    } else {
                        rank.sumInPlace(new double[4]);
                    }
                });
                for (Throwable t : thrown) {
                    assertInstanceOf(IOException.class, t);
                    assertTrue(t.getMessage().contains("sumInPlace(double[])"), t.getMessage());
                }
            }
        });
    }

    @Test
    void aRankThatClosesWhileTheOthersAreInACallFailsThem() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            try (LocalRing ring = LocalRing.of(3)) {
                ring.runAllOk(rank -> rank.sumInPlace(new float[1_000_000]));
                List<Throwable> thrown = ring.runAll(rank -> {
                    if (rank.rank() == 1) {
                        Thread.sleep(300);
                        rank.close();
                    } else {
                        rank.sumInPlace(new float[3_000_000]);
                    }
                });
                for (int r : new int[] {0, 2}) {
                    Throwable t = thrown.get(r);
                    assertInstanceOf(IOException.class, t, "rank " + r);
                    assertTrue(t.getMessage().contains("rank 1"), "rank " + r + ": " + t.getMessage());
                }
            }
        });
    }

    @Test
    void aRankThatClosesInsteadOfItsNextCallFailsTheOthers() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            try (LocalRing ring = LocalRing.of(3)) {
                List<Throwable> thrown = ring.runAll(rank -> {
                    rank.sumInPlace(new float[100_000]);
                    if (rank.rank() == 2) {
                        rank.close();
                    } else {
                        rank.sumInPlace(new float[100_000]);
                    }
                });
                for (int r : new int[] {0, 1}) {
                    Throwable t = thrown.get(r);
                    assertInstanceOf(IOException.class, t, "rank " + r);
                    assertTrue(t.getMessage().contains("rank 2"), "rank " + r + ": " + t.getMessage());
                }
            }
        });
    }

    @Test
    void interruptingARankBlockedInACallEndsItPromptly() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            try (LocalRing ring = LocalRing.of(2)) {
                AtomicReference<Throwable> outcome = new AtomicReference<>();
                Thread caller = new Thread(() -> {
                    try {
                        // Rank 1 never calls: rank 0 blocks, in its read and in its sender's write.
                        ring.rank(0).sumInPlace(new float[5_000_000]);
                    } catch (Throwable t) {
                        outcome.set(t);
                    }
                });
                caller.start();
                Thread.sleep(500);
                assertTrue(caller.isAlive(), "the call should be blocked on the absent rank 1");
                long start = System.nanoTime();
                caller.interrupt();
                caller.join(5_000);
                assertFalse(caller.isAlive());
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(2));
                assertInstanceOf(ClosedByInterruptException.class, outcome.get());

                // The interrupted rank is gone; its peer's next call fails instead of waiting.
                IOException peer = assertThrows(IOException.class, () -> ring.rank(1).sumInPlace(new float[10]));
                assertTrue(peer.getMessage().contains("rank 0"), peer.getMessage());
            }
        });
    }

    @Test
    void aPeerThatNeverShowsUpEndsTheJoinNamingIt() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            String nobody;
            try (ServerSocketChannel released = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                nobody = "127.0.0.1:" + ((InetSocketAddress) released.getLocalAddress()).getPort();
            }
            try (RingEndpoint endpoint = RingEndpoint.open("127.0.0.1")) {
                long start = System.nanoTime();
                IOException e = assertThrows(IOException.class,
                        () -> endpoint.join(0, List.of(endpoint.address(), nobody), SECRET, 1000));
                assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(3));
                assertTrue(e.getMessage().contains("rank 1 (" + nobody + ")"), e.getMessage());
            }
        });
    }

    @Test
    void ranksThatDisagreeOnTheRingSizeFailTheJoin() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            try (RingEndpoint zero = RingEndpoint.open("127.0.0.1");
                 RingEndpoint one = RingEndpoint.open("127.0.0.1");
                 RingEndpoint bystander = RingEndpoint.open("127.0.0.1")) {
                CompletableFuture<RingAllreduce> first = CompletableFuture.supplyAsync(() -> joinOrNull(
                        zero, 0, List.of(zero.address(), one.address())));
                IOException e = assertThrows(IOException.class,
                        () -> one.join(1, List.of(zero.address(), one.address(), bystander.address()), SECRET, 5000));
                assertTrue(e.getMessage().contains("ring of 2") && e.getMessage().contains("ring of 3"), e.getMessage());
                ExecutionException other = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
                assertTrue(other.getCause().getMessage().contains("ring of 3"), other.getCause().getMessage());
            }
        });
    }

    @Test
    void aPeerThatIsNotARingEndpointIsNamedAsSuch() {
        assertTimeoutPreemptively(PROMPTLY, () -> {
            try (RingEndpoint endpoint = RingEndpoint.open("127.0.0.1");
                 ServerSocketChannel impostor = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0))) {
                String impostorAddress = "127.0.0.1:" + ((InetSocketAddress) impostor.getLocalAddress()).getPort();
                Future<?> talk = CompletableFuture.runAsync(() -> {
                    try (SocketChannel accepted = impostor.accept()) {
                        accepted.write(ByteBuffer.wrap("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes()));
                        Thread.sleep(3000);
                    } catch (Exception e) {
                        // The joining rank hangs up once it has read the garbage.
                    }
                });
                IOException e = assertThrows(IOException.class,
                        () -> endpoint.join(0, List.of(endpoint.address(), impostorAddress), SECRET, 5000));
                assertTrue(e.getMessage().contains("not a ring allreduce endpoint")
                        && e.getMessage().contains("rank 1 (" + impostorAddress + ")"), e.getMessage());
                assertNotNull(talk);
            }
        });
    }

    @Test
    void aClosedRingRefusesCallsAndClosesTwiceQuietly() throws Exception {
        try (LocalRing ring = LocalRing.of(2)) {
            ring.rank(0).close();
            ring.rank(0).close();
            IOException e = assertThrows(IOException.class, () -> ring.rank(0).sumInPlace(new float[1]));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
            assertEquals(0, ring.rank(0).bytesSent());
        }
    }

    private static RingAllreduce joinOrNull(RingEndpoint endpoint, int rank, List<String> addresses) {
        try {
            return endpoint.join(rank, addresses, SECRET, 5000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage(), e);
        }
    }
}
