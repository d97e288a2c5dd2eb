package dev.trainspark.workers.allreduce;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What goes on the wire. Everything is little-endian: the byte order of x86 and ARM hosts, so
 * copying floats in and out of the buffers is a plain memory copy there, and still correct on a
 * big-endian host (the buffers swap).
 *
 * <p>Join: each end of each connection sends a hello (magic, version, rank, ring size, the epoch's
 * {@link RingSecret}) and checks the other's. Each connection then carries frames in one direction only, from a rank to the next:
 * a 24-byte header, then for {@link #DATA} the chunk's elements. An {@link #ABORT} frame carries
 * the rank where a failure started and its reason; every rank forwards it, so a failure seen by
 * one rank reaches all of them with its cause instead of as a bare closed connection.
 */
final class RingProtocol {
    static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    static final int MAGIC = 0x54535241;
    static final int VERSION = 2;
    static final int HELLO_BYTES = 16 + RingSecret.BYTES;

    static final int HEADER_BYTES = 24;
    static final int DATA = 0x44415441;
    static final int ABORT = 0x41424f52;
    static final int MAX_REASON_BYTES = 4096;

    private RingProtocol() {
    }

    static ByteBuffer hello(int rank, int size, byte[] secret) {
        ByteBuffer hello = ByteBuffer.allocate(HELLO_BYTES).order(ORDER);
        hello.putInt(MAGIC).putInt(VERSION).putInt(rank).putInt(size).put(secret).flip();
        return hello;
    }

    /** Checks a received hello against the peer this rank expected on that connection. */
    static void checkHello(ByteBuffer hello, RingPeer expected, int rank, int size, byte[] secret, String remote)
            throws IOException {
        hello.flip();
        int magic = hello.getInt();
        int version = hello.getInt();
        int peerRank = hello.getInt();
        int peerSize = hello.getInt();
        byte[] presented = new byte[RingSecret.BYTES];
        hello.get(presented);
        if (magic != MAGIC) {
            throw new NotAPeer(String.format("the peer at %s, expected to be %s, is not a ring allreduce endpoint"
                    + " (magic 0x%08x, expected 0x%08x)", remote, expected, magic, MAGIC));
        }
        if (version != VERSION) {
            throw new IOException(expected + " speaks ring allreduce protocol version " + version
                    + ", rank " + rank + " speaks version " + VERSION);
        }
        if (!RingSecret.matches(presented, secret)) {
            throw new NotAPeer("the peer at " + remote + ", expected to be " + expected
                    + ", did not present this epoch's ring secret: it is not one of the epoch's tasks");
        }
        if (peerSize != size) {
            throw new IOException(expected + " joined a ring of " + peerSize + " ranks, rank " + rank
                    + " joined a ring of " + size);
        }
        if (peerRank != expected.rank()) {
            throw new IOException("expected " + expected + " but the peer at " + remote + " is rank " + peerRank
                    + " (are the ranks' address lists the same?)");
        }
    }

    /**
     * A hello that is not from any rank of this ring (another protocol, or no secret): unlike a rank
     * that disagrees (size, rank, version), a stranger on the listening port is hung up on and the
     * join goes on waiting for the real previous rank.
     */
    static final class NotAPeer extends IOException {
        private static final long serialVersionUID = 1L;

        NotAPeer(String message) {
            super(message);
        }
    }

    /** Element type of a call, as the header names it. */
    static String kindName(int bytesPerElement) {
        return switch (bytesPerElement) {
            case Float.BYTES -> "sumInPlace(float[])";
            case Double.BYTES -> "sumInPlace(double[])";
            default -> "an unknown operation (" + bytesPerElement + ")";
        };
    }
}
