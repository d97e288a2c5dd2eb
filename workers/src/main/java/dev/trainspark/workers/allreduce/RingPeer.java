package dev.trainspark.workers.allreduce;

import java.net.InetSocketAddress;

/** A neighbour in the ring, as error messages name it. */
record RingPeer(int rank, String address) {

    /** The address as a socket address; resolves the host name. */
    InetSocketAddress socketAddress() {
        return RingAddress.parse(address, "address of rank " + rank);
    }

    @Override
    public String toString() {
        return "rank " + rank + " (" + address + ")";
    }
}
