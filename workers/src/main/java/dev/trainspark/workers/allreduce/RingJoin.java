package dev.trainspark.workers.allreduce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.UnresolvedAddressException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One rank's join: connecting to the next rank, accepting the previous one and the hello on both
 * connections, all in one non-blocking loop on the caller's thread, so that neither waits for the
 * other, the deadline covers everything, and an interrupt ends it.
 */
final class RingJoin {
    private static final long RETRY_MILLIS = 100;

    private final ServerSocketChannel server;
    private final int rank;
    private final int size;
    private final RingPeer next;
    private final RingPeer prev;
    private final long timeoutMillis;
    private final long deadline;
    private final byte[] secret;

    private Link outbound;
    private Link inbound;
    /** Accepted connections whose hello has not come yet: the previous rank is one of them, strangers may be others. */
    private final List<Link> candidates = new ArrayList<>();
    private SelectionKey accepting;
    private String lastStranger;
    private long retryAt;
    private int attempts;
    private String lastConnectError;

    RingJoin(ServerSocketChannel server, int rank, int size, RingPeer next, RingPeer prev, byte[] secret, long timeoutMillis) {
        this.server = server;
        this.secret = secret;
        this.rank = rank;
        this.size = size;
        this.next = next;
        this.prev = prev;
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.retryAt = System.nanoTime();
    }

    RingAllreduce connect() throws IOException {
        boolean connected = false;
        try {
            try (Selector selector = Selector.open()) {
                server.configureBlocking(false);
                accepting = server.register(selector, SelectionKey.OP_ACCEPT);
                while (!(done(outbound) && done(inbound))) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new ClosedByInterruptException();
                    }
                    long now = System.nanoTime();
                    if (now - deadline >= 0) {
                        throw new IOException(timeoutMessage());
                    }
                    if (outbound == null && now - retryAt >= 0) {
                        startConnect(selector);
                    }
                    long wake = outbound == null ? Math.min(deadline - now, retryAt - now) : deadline - now;
                    selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wake)));
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.channel() == server) {
                            accept(selector, key);
                        } else if (key.isValid()) {
                            progress(key);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            }
            // Leaving the selector deregistered both channels; from here on they block.
            for (Link link : List.of(outbound, inbound)) {
                link.channel.configureBlocking(true);
            }
            RingAllreduce ring = RingAllreduce.connected(rank, size, outbound.channel, inbound.channel, next, prev);
            connected = true;
            return ring;
        } finally {
            for (Link candidate : candidates) {
                candidate.channel.close();
            }
            if (!connected) {
                for (Link link : new Link[] {outbound, inbound}) {
                    if (link != null) {
                        link.channel.close();
                    }
                }
            }
        }
    }

    private void startConnect(Selector selector) throws IOException {
        SocketAddress target;
        try {
            target = next.socketAddress();
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        attempts++;
        SocketChannel channel = SocketChannel.open();
        try {
            configure(channel);
            if (((InetSocketAddress) target).isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            Link link = new Link(channel, next, true);
            if (channel.connect(target)) {
                link.connected();
            }
            outbound = link;
            channel.register(selector, link.interest(), link);
        } catch (IOException | UnresolvedAddressException e) {
            channel.close();
            connectFailed(e);
        }
    }

    private void accept(Selector selector, SelectionKey key) throws IOException {
        SocketChannel channel = server.accept();
        if (channel == null) {
            return;
        }
        // The previous rank is the first connection whose hello checks out; until it has come, more
        // may be accepted, so that a stranger holding a connection open cannot keep it out.
        configure(channel);
        Link candidate = new Link(channel, prev, false);
        candidate.connected();
        candidates.add(candidate);
        channel.register(selector, candidate.interest(), candidate);
    }

    private void progress(SelectionKey key) throws IOException {
        Link link = (Link) key.attachment();
        if (key.isConnectable()) {
            try {
                if (!link.channel.finishConnect()) {
                    return;
                }
            } catch (IOException e) {
                key.cancel();
                link.channel.close();
                outbound = null;
                connectFailed(e);
                return;
            }
            link.connected();
        }
        if (key.isWritable()) {
            link.channel.write(link.helloOut);
        }
        if (key.isReadable()) {
            int read;
            try {
                read = link.channel.read(link.helloIn);
            } catch (IOException e) {
                if (candidates.contains(link)) {
                    drop(key, link, "the connection from " + remote(link.channel) + " failed: " + e);
                    return;
                }
                throw new IOException("handshake with " + link.peer + " failed: " + e, e);
            }
            if (read < 0) {
                if (candidates.contains(link)) {
                    drop(key, link, remote(link.channel) + " connected and hung up without a hello");
                    return;
                }
                throw new IOException(link.peer + " closed the connection during the handshake (it may have"
                        + " rejected this rank; see its error)");
            }
            if (!link.helloIn.hasRemaining()) {
                try {
                    RingProtocol.checkHello(link.helloIn, link.peer, rank, size, secret, remote(link.channel));
                } catch (RingProtocol.NotAPeer stranger) {
                    if (!candidates.contains(link)) {
                        throw stranger;
                    }
                    drop(key, link, stranger.getMessage());
                    return;
                } catch (IOException disagreement) {
                    if (candidates.contains(link)) {
                        // A rank of this epoch (it has the secret) that disagrees: it gets this rank's
                        // hello, best effort, so that its error names the disagreement too.
                        link.channel.write(link.helloOut);
                    }
                    throw disagreement;
                }
                link.verified = true;
                if (candidates.remove(link)) {
                    // The previous rank: the listening port and every other waiting connection are done.
                    inbound = link;
                    accepting.cancel();
                    for (Link other : candidates) {
                        other.channel.close();
                    }
                    candidates.clear();
                }
            }
        }
        key.interestOps(link.interest());
    }

    /** Hangs up on a connection to the listening port that is not the previous rank's; the join waits on. */
    private void drop(SelectionKey key, Link candidate, String why) throws IOException {
        key.cancel();
        candidate.channel.close();
        candidates.remove(candidate);
        lastStranger = why;
    }

    private void connectFailed(Exception e) {
        lastConnectError = e instanceof UnresolvedAddressException ? "host not resolved" : String.valueOf(e.getMessage());
        retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS);
    }

    private String timeoutMessage() {
        List<String> missing = new ArrayList<>();
        if (outbound == null || !outbound.established) {
            missing.add(next + " accepted no connection (" + attempts + " attempts"
                    + (lastConnectError == null ? "" : ", last: " + lastConnectError) + ")");
        } else if (!outbound.verified) {
            missing.add(next + " accepted the connection but sent no handshake (has it called join?)");
        }
        if (inbound == null) {
            missing.add(prev + (candidates.isEmpty() ? " did not connect" : " did not connect, or connected but sent no handshake")
                    + (lastStranger == null ? "" : " (last connection hung up on: " + lastStranger + ")"));
        }
        return "rank " + rank + " could not join the ring of " + size + " within " + timeoutMillis + " ms: "
                + String.join("; ", missing);
    }

    /**
     * No SO_SNDBUF / SO_RCVBUF: on Linux, setting them pins the buffer at the request capped by
     * net.core.[rw]mem_max (208 KiB on a stock kernel) and turns off autotuning, which otherwise
     * grows a busy connection's buffers up to net.ipv4.tcp_[rw]mem's maximum (4-6 MiB stock). On
     * loopback, 4 MiB pinned buffers made a 5.2M-float call slower than autotuned ones.
     */
    private static void configure(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    private static String remote(SocketChannel channel) {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "an unknown address";
        }
    }

    private static boolean done(Link link) {
        return link != null && link.verified && !link.helloOut.hasRemaining();
    }

    /**
     * A connection of the ring during the join, and how far its hello exchange has come. On the
     * connection this rank made, it speaks first; on one it accepted, it answers only once the
     * other side's hello has shown the secret, so that whoever connects learns nothing.
     */
    private final class Link {
        final SocketChannel channel;
        final RingPeer peer;
        final boolean speaksFirst;
        final ByteBuffer helloOut = RingProtocol.hello(rank, size, secret);
        final ByteBuffer helloIn = ByteBuffer.allocate(RingProtocol.HELLO_BYTES).order(RingProtocol.ORDER);
        boolean established;
        boolean verified;

        Link(SocketChannel channel, RingPeer peer, boolean speaksFirst) {
            this.channel = channel;
            this.peer = peer;
            this.speaksFirst = speaksFirst;
        }

        void connected() {
            established = true;
        }

        int interest() {
            if (!established) {
                return SelectionKey.OP_CONNECT;
            }
            boolean mayWrite = speaksFirst || verified;
            return (mayWrite && helloOut.hasRemaining() ? SelectionKey.OP_WRITE : 0) | (verified ? 0 : SelectionKey.OP_READ);
        }
    }
}
