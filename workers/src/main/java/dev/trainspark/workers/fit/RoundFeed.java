package dev.trainspark.workers.fit;

import dev.trainspark.workers.allreduce.RingAddress;
import dev.trainspark.workers.allreduce.RingSecret;
import dev.trainspark.workers.allreduce.Sockets;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The rounds of an allreduce epoch as they end: a small server on the driver to which every task
 * sends its figures of each round (its {@link RoundResult} without state, its {@link RoundTimes})
 * the moment the round's sum is done, and which hands the driver each round once every task has
 * sent it, in order. The driver prints progress and runs the divergence guard from it while the
 * epoch's stage runs, instead of once the stage is over.
 *
 * <p>The feed is a view, not the record: the tasks return the same figures with their results
 * ({@link EpochReport}), and a task that cannot reach the feed trains on without it
 * ({@link #connect}). Only the classes of those figures are accepted from the wire.
 */
public final class RoundFeed implements AutoCloseable {
    private static final int MAGIC = 0x54535246;
    private static final ObjectInputFilter ACCEPTED = ObjectInputFilter.Config.createFilter(
            RoundResult.class.getName() + ";" + RoundTimes.class.getName() + ";" + RoundTimes.TaskSide.class.getName() + ";"
                    + "dev.trainspark.workers.select.LossHistogram;java.lang.Record;[J;[D;maxdepth=6;maxbytes=4194304;!*");

    /** One task's part of a round: when the task began, its figures and its times. */
    public record Part(long taskStartMillis, RoundResult result, RoundTimes times) {
    }

    /** A round that every task has sent: the parts in partition order. */
    public record Round(int round, List<Part> parts) {
    }

    private final ServerSocket server;
    private final int ranks;
    private final byte[] secret;
    private final String address;
    private final Part[][] parts;
    private final BlockingQueue<Round> complete = new LinkedBlockingQueue<>();
    private int nextComplete;

    private RoundFeed(ServerSocket server, int ranks, int rounds, byte[] secret, String address) {
        this.server = server;
        this.secret = secret;
        this.ranks = ranks;
        this.address = address;
        this.parts = new Part[rounds][ranks];
        Thread acceptor = new Thread(this::accept, "trainspark-round-feed");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /**
     * Listens on an ephemeral port of all interfaces for the figures of {@code ranks} tasks over
     * {@code rounds} rounds; a connection that does not present {@code secret} ({@link RingSecret}) is hung up on.
     */
    public static RoundFeed open(String advertisedHost, int ranks, int rounds, String secret) throws IOException {
        if (ranks < 1 || rounds < 0) {
            throw new IllegalArgumentException(ranks + " tasks, " + rounds + " rounds; expected at least 1 task and 0 rounds");
        }
        byte[] key = RingSecret.bytes(secret);
        ServerSocket server = Sockets.listen(ranks);
        try {
            return new RoundFeed(server, ranks, rounds, key, RingAddress.of(advertisedHost, server.getLocalPort()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** {@code host:port}, what the tasks connect to. */
    public String address() {
        return address;
    }

    /** The next round every task has sent, in round order, or null if none came within {@code millis}. */
    public Round poll(long millis) throws InterruptedException {
        return complete.poll(millis, TimeUnit.MILLISECONDS);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread reader = new Thread(() -> read(s), "trainspark-round-feed-reader");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                // Closed: the epoch is over.
            }
        }
    }

    private void read(Socket s) {
        try (s) {
            DataInputStream header = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            if (!RingSecret.introduced(header, MAGIC, secret)) {
                return;
            }
            int rank = header.readInt();
            if (rank < 0 || rank >= ranks) {
                return;
            }
            ObjectInputStream in = new ObjectInputStream(header);
            in.setObjectInputFilter(ACCEPTED);
            while (true) {
                int round = in.readInt();
                long taskStart = in.readLong();
                RoundResult result = (RoundResult) in.readObject();
                RoundTimes times = (RoundTimes) in.readObject();
                if (round < 0 || round >= parts.length) {
                    return;
                }
                offer(round, rank, new Part(taskStart, result, times));
            }
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            // The task is done, gone or not one of ours; its figures come with its result.
        }
    }

    /** Keeps a part (a retried task's repeat of a round it had sent is ignored) and releases the rounds now complete. */
    private synchronized void offer(int round, int rank, Part part) {
        if (parts[round][rank] != null) {
            return;
        }
        parts[round][rank] = part;
        while (nextComplete < parts.length && Arrays.stream(parts[nextComplete]).allMatch(p -> p != null)) {
            complete.add(new Round(nextComplete, List.copyOf(Arrays.asList(parts[nextComplete]))));
            nextComplete++;
        }
    }

    @Override
    public void close() {
        Sockets.closeQuietly(server);
    }

    /**
     * A task's side: a sink that sends each round's figures to the feed at {@code feed}, presenting
     * the epoch's {@code secret}. If the feed
     * cannot be reached, or stops answering, the sink drops what it is given: the task's own result
     * carries the same figures.
     */
    public static RoundSink connect(String feed, String secret, int rank, int timeoutMillis) {
        Socket s = new Socket();
        try {
            byte[] key = RingSecret.bytes(secret);
            s.connect(RingAddress.parse(feed, "the round feed"), timeoutMillis);
            s.setTcpNoDelay(true);
            DataOutputStream header = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            RingSecret.introduce(header, MAGIC, key);
            header.writeInt(rank);
            ObjectOutputStream out = new ObjectOutputStream(header);
            out.flush();
            return new Sender(s, out);
        } catch (IOException | IllegalArgumentException e) {
            Sockets.closeQuietly(s);
            return RoundSink.NONE;
        }
    }

    private static final class Sender implements RoundSink {
        private final Socket socket;
        private final ObjectOutputStream out;
        private boolean broken;

        Sender(Socket socket, ObjectOutputStream out) {
            this.socket = socket;
            this.out = out;
        }

        @Override
        public void accept(int round, long taskStartMillis, RoundResult result, RoundTimes times) {
            if (broken) {
                return;
            }
            try {
                out.writeInt(round);
                out.writeLong(taskStartMillis);
                out.writeObject(result);
                out.writeObject(times);
                // Each round stands alone: no back references to objects of earlier rounds.
                out.reset();
                out.flush();
            } catch (IOException e) {
                broken = true;
            }
        }

        @Override
        public void close() {
            // The feed learns the end from the closed connection either way.
            Sockets.closeQuietly(socket);
        }
    }
}
