package dev.trainspark.workers.allreduce;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** What the small TCP servers and connections of an allreduce epoch share: listening, closing. */
public final class Sockets {
    private Sockets() {
    }

    /** A server socket on an ephemeral port of all interfaces, queueing up to {@code max(50, clients)} connections. */
    public static ServerSocket listen(int clients) throws IOException {
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(0), Math.max(50, clients));
            return server;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Closes {@code c} (if any), ignoring a failure: closing a socket is best effort, it is unusable either way. */
    public static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Nothing to do about a socket that will not close.
        }
    }
}
