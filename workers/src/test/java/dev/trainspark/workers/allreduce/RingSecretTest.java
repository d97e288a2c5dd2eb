package dev.trainspark.workers.allreduce;

import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The epoch's secret: the rendezvous and the ring take only processes that present it. */
class RingSecretTest {
    @Test
    void secretsAreNewEachTimeAndOnly32HexDigitsAreOne() {
        assertNotEquals(RingSecret.newSecret(), RingSecret.newSecret());
        assertEquals(16, RingSecret.bytes(RingSecret.newSecret()).length);
        assertThrows(IllegalArgumentException.class, () -> RingSecret.bytes("abc"));
        assertThrows(IllegalArgumentException.class, () -> RingSecret.bytes(null));
    }

    @Test
    void theRendezvousCountsAndAnswersOnlyRanksWithTheSecret() throws Exception {
        String secret = RingSecret.newSecret();
        try (RingRendezvous rendezvous = RingRendezvous.open("127.0.0.1", 2, secret)) {
            CompletableFuture<RingRendezvous.Members> zero = CompletableFuture.supplyAsync(() -> exchange(
                    rendezvous.address(), secret, 0, "127.0.0.1:1000"));
            Thread.sleep(300);
            // Rank 0 waits; a stranger claims rank 1 with a secret of its own, to be handed rank 0's
            // address and to hand its own to rank 0: hung up on, and the gathering still waits.
            CompletableFuture<RingRendezvous.Members> stranger = CompletableFuture.supplyAsync(() -> exchange(
                    rendezvous.address(), RingSecret.newSecret(), 1, "10.9.9.9:1"));
            ExecutionException refused = assertThrows(ExecutionException.class, () -> stranger.get(10, TimeUnit.SECONDS));
            // Hung up on after its first 20 bytes: it sees a broken pipe or the end of the stream, never the addresses.
            assertTrue(refused.getCause().getCause() instanceof IOException, String.valueOf(refused.getCause()));
            // Something that is not a rank at all: also hung up on.
            String[] hostPort = rendezvous.address().split(":");
            try (Socket junk = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                junk.setSoTimeout(5000);
                int answer;
                try {
                    new DataOutputStream(junk.getOutputStream()).writeBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                    answer = junk.getInputStream().read();
                } catch (IOException hungUp) {
                    answer = -1;
                }
                assertEquals(-1, answer, "hung up on without an answer");
            }
            RingRendezvous.Members one = exchange(rendezvous.address(), secret, 1, "127.0.0.1:1001");
            assertEquals(List.of("127.0.0.1:1000", "127.0.0.1:1001"), one.addresses());
            assertEquals(one, zero.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void ringPeersWithDifferentSecretsDoNotJoin() throws Exception {
        try (RingEndpoint zero = RingEndpoint.open("127.0.0.1"); RingEndpoint one = RingEndpoint.open("127.0.0.1")) {
            List<String> addresses = List.of(zero.address(), one.address());
            CompletableFuture<RingAllreduce> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return zero.join(0, addresses, RingSecret.newSecret(), 5000);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // Each hangs up on the other's connection as a stranger's: neither joins.
            assertThrows(IOException.class, () -> one.join(1, addresses, RingSecret.newSecret(), 5000));
            ExecutionException other = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
            assertTrue(other.getCause() instanceof java.io.UncheckedIOException, String.valueOf(other.getCause()));
        }
    }

    @Test
    void strangersOnARanksPortLearnNothingAndDoNotKeepThePreviousRankOut() throws Exception {
        String secret = RingSecret.newSecret();
        try (RingEndpoint zero = RingEndpoint.open("127.0.0.1"); RingEndpoint one = RingEndpoint.open("127.0.0.1")) {
            String[] hostPort = one.address().split(":");
            try (Socket silent = new Socket(hostPort[0], Integer.parseInt(hostPort[1]));
                 Socket noisy = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                // One holds its connection open and says nothing; the other sends a hello of the
                // right length that is not the ring's.
                noisy.getOutputStream().write(new byte[RingProtocol.HELLO_BYTES]);
                List<String> addresses = List.of(zero.address(), one.address());
                CompletableFuture<RingAllreduce> first = CompletableFuture.supplyAsync(() -> {
                    try {
                        return zero.join(0, addresses, secret, 10_000);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                try (RingAllreduce ringOne = one.join(1, addresses, secret, 10_000);
                     RingAllreduce ringZero = first.get(20, TimeUnit.SECONDS)) {
                    float[] a = {1, 2};
                    float[] b = {10, 20};
                    CompletableFuture<Void> sumZero = CompletableFuture.runAsync(() -> {
                        try {
                            ringZero.sumInPlace(a);
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                    ringOne.sumInPlace(b);
                    sumZero.get(10, TimeUnit.SECONDS);
                    assertEquals(11f, a[0]);
                    assertEquals(22f, b[1]);
                }
                // Neither stranger was sent a byte (no hello, so no secret): their connections were closed.
                silent.setSoTimeout(5000);
                noisy.setSoTimeout(5000);
                assertEquals(-1, silent.getInputStream().read());
                assertEquals(-1, noisy.getInputStream().read());
            }
        }
    }

    private static RingRendezvous.Members exchange(String rendezvous, String secret, int rank, String own) {
        try {
            return RingRendezvous.exchange(rendezvous, secret, rank, 2, own, 5000);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
