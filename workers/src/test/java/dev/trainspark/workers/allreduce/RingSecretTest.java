package dev.trainspark.workers.allreduce;

import org.junit.jupiter.api.Test;

import java.io.DataOutputStream;
import java.io.EOFException;
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
            assertTrue(refused.getCause().getCause() instanceof EOFException, String.valueOf(refused.getCause()));
            // Something that is not a rank at all: also hung up on.
            String[] hostPort = rendezvous.address().split(":");
            try (Socket junk = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                new DataOutputStream(junk.getOutputStream()).writeBytes("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
                assertEquals(-1, junk.getInputStream().read());
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
            IOException e = assertThrows(IOException.class, () -> one.join(1, addresses, RingSecret.newSecret(), 5000));
            assertTrue(e.getMessage().contains("did not present this epoch's ring secret"), e.getMessage());
            ExecutionException other = assertThrows(ExecutionException.class, () -> first.get(10, TimeUnit.SECONDS));
            assertTrue(other.getCause().getMessage().contains("ring secret")
                    || other.getCause().getMessage().contains("closed the connection"), other.getCause().getMessage());
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
