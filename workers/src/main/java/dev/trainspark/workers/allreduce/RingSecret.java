package dev.trainspark.workers.allreduce;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * An epoch's shared secret: 128 random bits the driver makes for each allreduce epoch and hands its
 * tasks inside the task itself (so it travels as Spark's task data does, under Spark's own
 * authentication and encryption where the cluster turns them on). The rendezvous, the round feed
 * and each ring connection take a peer only when it presents it, so a process that finds one of
 * their ports can neither learn the ranks' addresses, nor put itself in the ring, nor send figures.
 */
public final class RingSecret {
    static final int BYTES = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private RingSecret() {
    }

    /** A new secret, as 32 hex digits. */
    public static String newSecret() {
        byte[] secret = new byte[BYTES];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }

    /** The secret's bytes; refuses anything but 32 hex digits. */
    public static byte[] bytes(String secret) {
        if (secret == null || secret.length() != 2 * BYTES) {
            throw new IllegalArgumentException("a ring secret is " + 2 * BYTES + " hex digits");
        }
        return HexFormat.of().parseHex(secret);
    }

    /** Opens a connection to one of the driver's servers (rendezvous, round feed): its magic, then the secret. */
    public static void introduce(DataOutput out, int magic, byte[] secret) throws IOException {
        out.writeInt(magic);
        out.write(secret);
    }

    /** Whether a connection opened as {@link #introduce} does with this magic and secret; otherwise it is to be hung up on. */
    public static boolean introduced(DataInput in, int magic, byte[] secret) throws IOException {
        if (in.readInt() != magic) {
            return false;
        }
        byte[] presented = new byte[BYTES];
        in.readFully(presented);
        return matches(presented, secret);
    }

    /** Whether {@code presented} is the secret, compared in constant time. */
    public static boolean matches(byte[] presented, byte[] secret) {
        return MessageDigest.isEqual(presented, secret);
    }
}
