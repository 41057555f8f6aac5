package dev.myelin.authservice;

import java.util.Objects;

/**
 * Where the standalone service listens, in Go's {@code host:port} form: an empty host means every interface
 * ({@code :8080}), a port of 0 an ephemeral port.
 */
public record BindAddress(String host, int port) {
    public BindAddress {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new ConfigException("listen tcp: address " + port + ": invalid port");
        }
    }

    /** Parses Go's listen address form: {@code :8080}, {@code 127.0.0.1:8080}, {@code [::1]:8080}. */
    public static BindAddress parse(String address) {
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new ConfigException("listen tcp: address " + address + ": missing port in address");
        }
        String host = address.substring(0, colon);
        String port = address.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.contains(":") || host.contains("[") || host.contains("]")) {
            throw new ConfigException("listen tcp: address " + address + ": too many colons in address");
        }
        if (port.isEmpty() || !port.chars().allMatch(c -> c >= '0' && c <= '9') || port.length() > 5) {
            throw new ConfigException("listen tcp: lookup port " + port + ": unknown port");
        }
        return new BindAddress(host, Integer.parseInt(port));
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
