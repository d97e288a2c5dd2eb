package dev.trainspark.workers.allreduce;

import java.net.InetSocketAddress;

/** A neighbour in the ring, as error messages name it. */
record RingPeer(int rank, String address) {

    /** The address as a socket address; resolves the host name. */
    InetSocketAddress socketAddress() {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("address of rank " + rank + " is '" + address + "'; expected host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address of rank " + rank + " is '" + address + "'; expected host:port", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("address of rank " + rank + " is '" + address + "'; the port must be 1..65535");
        }
        return new InetSocketAddress(host, port);
    }

    @Override
    public String toString() {
        return "rank " + rank + " (" + address + ")";
    }
}
