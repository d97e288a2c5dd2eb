package dev.trainspark.workers.allreduce;

import java.net.InetSocketAddress;

/**
 * The {@code host:port} form in which ranks and the rendezvous advertise where they listen, an IPv6
 * host in brackets so that the last colon always separates the port.
 */
public final class RingAddress {
    private RingAddress() {
    }

    /** {@code host:port}, the host bracketed when it is an IPv6 literal. */
    public static String of(String host, int port) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("advertised host is '" + host + "'; expected a host name or IP");
        }
        String shown = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return shown + ":" + port;
    }

    /**
     * The socket address of {@code address}; resolves the host name.
     *
     * @param whose how an error names the address, e.g. "address of rank 2"
     */
    public static InetSocketAddress parse(String address, String whose) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException(whose + " is '" + address + "'; expected host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(whose + " is '" + address + "'; expected host:port", e);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(whose + " is '" + address + "'; the port must be 1..65535");
        }
        return new InetSocketAddress(host, port);
    }
}
