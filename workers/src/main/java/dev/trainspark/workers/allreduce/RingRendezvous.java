package dev.trainspark.workers.allreduce;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Where the ranks of a ring learn each other's addresses: a small server on the driver that every
 * rank tells its {@code host:port} and that answers all of them with the whole list once all have
 * come. Spark's barrier {@code allGather} does the same through the driver's RPC but polls for the
 * answer once a second, a second lost per epoch; this answers as soon as the last rank arrives.
 *
 * <p>Each rank also says which JVM it runs in, so that ranks that all share one can sum through
 * memory instead of sockets ({@link InProcessSum}).
 *
 * <p>Only ranks that present the epoch's {@link RingSecret} are counted (and told the addresses).
 *
 * <p>After answering it waits for the next gathering, so a barrier stage that Spark retries as a
 * whole finds it again; a rank that connects twice in one gathering (a retried task) replaces its
 * earlier connection.
 */
public final class RingRendezvous implements AutoCloseable {
    private static final int MAGIC = 0x54535256;

    private final ServerSocket server;
    private final int ranks;
    private final byte[] secret;
    private final String address;
    private final Thread thread;

    private RingRendezvous(ServerSocket server, int ranks, byte[] secret, String address) {
        this.server = server;
        this.secret = secret;
        this.ranks = ranks;
        this.address = address;
        this.thread = new Thread(this::serve, "trainspark-ring-rendezvous");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Listens on an ephemeral port of all interfaces for {@code ranks} ranks, advertised as
     * {@code host:port}; a rank that does not present {@code secret} ({@link RingSecret}) is hung up on.
     */
    public static RingRendezvous open(String advertisedHost, int ranks, String secret) throws IOException {
        if (ranks < 1) {
            throw new IllegalArgumentException("a ring of " + ranks + " ranks; expected at least 1");
        }
        byte[] key = RingSecret.bytes(secret);
        ServerSocket server = Sockets.listen(ranks);
        try {
            return new RingRendezvous(server, ranks, key, RingAddress.of(advertisedHost, server.getLocalPort()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code host:port}, what the ranks connect to. */
    public String address() {
        return address;
    }

    private void serve() {
        while (!server.isClosed()) {
            Socket[] waiting = new Socket[ranks];
            String[] addresses = new String[ranks];
            String[] processes = new String[ranks];
            int arrived = 0;
            try {
                while (arrived < ranks) {
                    Socket s = server.accept();
                    try {
                        s.setSoTimeout(10_000);
                        DataInputStream in = new DataInputStream(s.getInputStream());
                        // Whoever does not open with the magic and the secret is hung up on at once.
                        if (!RingSecret.introduced(in, MAGIC, secret)) {
                            s.close();
                            continue;
                        }
                        int rank = in.readInt();
                        int size = in.readInt();
                        String peer = in.readUTF();
                        String process = in.readUTF();
                        if (size != ranks || rank < 0 || rank >= ranks) {
                            s.close();
                            continue;
                        }
                        if (waiting[rank] == null) {
                            arrived++;
                        } else {
                            waiting[rank].close();
                        }
                        waiting[rank] = s;
                        addresses[rank] = peer;
                        processes[rank] = process;
                    } catch (IOException e) {
                        s.close();
                    }
                }
                String gathering = UUID.randomUUID().toString();
                for (Socket s : waiting) {
                    try {
                        DataOutputStream out = new DataOutputStream(s.getOutputStream());
                        out.writeUTF(gathering);
                        out.writeInt(ranks);
                        for (int r = 0; r < ranks; r++) {
                            out.writeUTF(addresses[r]);
                            out.writeUTF(processes[r]);
                        }
                        out.flush();
                    } catch (IOException e) {
                        // That rank is gone; its stage fails and the others learn it from the ring.
                    }
                }
            } catch (IOException e) {
                // Closed: the epoch is over.
            } finally {
                for (Socket s : waiting) {
                    Sockets.closeQuietly(s);
                }
            }
        }
    }

    /**
     * Who met at one gathering.
     *
     * @param gathering an id of its own, never reused
     * @param addresses each rank's ring address, in rank order
     * @param processes each rank's JVM ({@link #PROCESS}), in rank order
     */
    public record Members(String gathering, List<String> addresses, List<String> processes) {
        /** Whether every rank runs in this JVM, where they can sum through shared memory. */
        public boolean allInThisProcess() {
            return processes.stream().allMatch(PROCESS::equals);
        }
    }

    /** This JVM's identity among the ranks. */
    static final String PROCESS = UUID.randomUUID().toString();

    /**
     * A rank's side: tells the rendezvous this rank's address, with the epoch's {@code secret}, and
     * waits for every rank's.
     */
    public static Members exchange(String rendezvous, String secret, int rank, int ranks, String ownAddress, long timeoutMillis)
            throws IOException {
        byte[] key = RingSecret.bytes(secret);
        InetSocketAddress server = RingAddress.parse(rendezvous, "the ring rendezvous");
        try (Socket s = new Socket()) {
            s.connect(server, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis));
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            RingSecret.introduce(out, MAGIC, key);
            out.writeInt(rank);
            out.writeInt(ranks);
            out.writeUTF(ownAddress);
            out.writeUTF(PROCESS);
            out.flush();
            DataInputStream in = new DataInputStream(s.getInputStream());
            String gathering = in.readUTF();
            int n = in.readInt();
            if (n != ranks) {
                throw new IOException("ring rendezvous at " + rendezvous + " answered for " + n + " ranks, not " + ranks);
            }
            List<String> addresses = new ArrayList<>(n);
            List<String> processes = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                addresses.add(in.readUTF());
                processes.add(in.readUTF());
            }
            return new Members(gathering, addresses, processes);
        } catch (SocketTimeoutException e) {
            throw new IOException("rank " + rank + " waited " + timeoutMillis + " ms at the ring rendezvous " + rendezvous
                    + " for the other ranks of " + ranks, e);
        }
    }

    @Override
    public void close() {
        Sockets.closeQuietly(server);
        thread.interrupt();
    }

    @Override
    public String toString() {
        return "RingRendezvous" + Arrays.asList(address, ranks);
    }
}
