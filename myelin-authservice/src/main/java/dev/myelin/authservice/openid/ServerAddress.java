package dev.myelin.authservice.openid;

import java.net.InetAddress;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/**
 * A Matrix server name split into host and optional port, validated by the spec's grammar: an IPv4 literal, a
 * bracketed IPv6 literal or a DNS name, then optionally {@code :port}.
 *
 * @param host the host without brackets
 */
record ServerAddress(String host, OptionalInt port, boolean ipLiteral) {
    private static final Pattern DNS_NAME = Pattern.compile("[A-Za-z0-9.-]{1,255}");
    private static final Pattern IPV4 = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    static Optional<ServerAddress> parse(String serverName) {
        String hostPart = serverName;
        String portPart = null;
        if (serverName.startsWith("[")) {
            int close = serverName.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            hostPart = serverName.substring(1, close);
            String rest = serverName.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return Optional.empty();
                }
                portPart = rest.substring(1);
            }
            if (!IPV6.matcher(hostPart).matches() || !isLiteral(hostPart)) {
                return Optional.empty();
            }
        } else {
            int colon = serverName.indexOf(':');
            if (colon >= 0) {
                hostPart = serverName.substring(0, colon);
                portPart = serverName.substring(colon + 1);
            }
            if (!DNS_NAME.matcher(hostPart).matches()) {
                return Optional.empty();
            }
        }
        OptionalInt port = OptionalInt.empty();
        if (portPart != null) {
            if (!portPart.matches("[0-9]{1,5}") || Integer.parseInt(portPart) > 65535) {
                return Optional.empty();
            }
            port = OptionalInt.of(Integer.parseInt(portPart));
        }
        boolean literal = serverName.startsWith("[") || (IPV4.matcher(hostPart).matches() && isLiteral(hostPart));
        return Optional.of(new ServerAddress(hostPart, port, literal));
    }

    private static boolean isLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The host as it appears in a URL authority or Host header. */
    String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    boolean isLoopback() {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        return ipLiteral && InetAddress.ofLiteral(host).isLoopbackAddress();
    }
}
