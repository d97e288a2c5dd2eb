package dev.trainspark.workers.allreduce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * This rank's listening socket, opened before the ranks exchange addresses (in a barrier task:
 * open, {@code allGather} the {@link #address()}, then {@link #join}). Listening first means no rank
 * can connect to a peer that is not yet there; {@link #join} still retries until its timeout, for
 * peers that are slow to reach it.
 */
public final class RingEndpoint implements AutoCloseable {
    private final ServerSocketChannel server;
    private final String address;
    private final AtomicBoolean consumed = new AtomicBoolean();

    private RingEndpoint(ServerSocketChannel server, String address) {
        this.server = server;
        this.address = address;
    }

    /** Binds an ephemeral port on all interfaces; advertised as {@code advertisedHost:port}. */
    public static RingEndpoint open(String advertisedHost) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress(0), 16);
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            return new RingEndpoint(server, RingAddress.of(advertisedHost, port));
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code host:port}, what the other ranks connect to. */
    public String address() {
        return address;
    }

    /**
     * Joins the ring: connects to rank (rank+1)%n's address and accepts the connection from rank
     * (rank-1+n)%n, both at once so that no order of calls deadlocks, retrying refused connections
     * until {@code timeoutMillis} have passed; a peer that never shows up ends in an IOException
     * naming its rank and address. {@code addresses.get(i)} is rank i's. Both connections present
     * and check {@code secret} ({@link RingSecret}), the epoch's. With one rank, returns a ring that
     * does no I/O. Consumes this endpoint: its server socket is closed on return.
     */
    public RingAllreduce join(int rank, List<String> addresses, String secret, long timeoutMillis) throws IOException {
        byte[] key = RingSecret.bytes(secret);
        int n = addresses.size();
        if (n == 0 || rank < 0 || rank >= n) {
            throw new IllegalArgumentException("rank " + rank + " of a ring of " + n + " addresses; expected 0.." + (n - 1));
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("join timeout is " + timeoutMillis + " ms; expected > 0");
        }
        if (!consumed.compareAndSet(false, true)) {
            throw new IllegalStateException("endpoint " + address + " was already joined or closed");
        }
        try {
            if (n == 1) {
                return RingAllreduce.single();
            }
            RingPeer next = new RingPeer((rank + 1) % n, addresses.get((rank + 1) % n));
            RingPeer prev = new RingPeer((rank - 1 + n) % n, addresses.get((rank - 1 + n) % n));
            return new RingJoin(server, rank, n, next, prev, key, timeoutMillis).connect();
        } finally {
            closeServer();
        }
    }

    /** Closes the server socket if {@link #join} has not; idempotent. */
    @Override
    public void close() {
        consumed.set(true);
        closeServer();
    }

    private void closeServer() {
        try {
            server.close();
        } catch (IOException e) {
            // Nothing was accepted through it that needs it open; the port is released either way.
        }
    }
}
