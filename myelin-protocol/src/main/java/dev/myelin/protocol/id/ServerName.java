package dev.myelin.protocol.id;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A server name: {@code hostname [":" port]}, where the hostname is an IPv4 address, a bracketed IPv6 address or a DNS
 * name, as the specification's grammar defines them. Ports above 65535 are refused: no server can listen there.
 */
public record ServerName(String value) {
    private static final int MAX_DNS_NAME = 255;

    public ServerName {
        Objects.requireNonNull(value, "value");
        String reason = problem(value);
        if (reason != null) {
            throw new InvalidIdentifierException("server name", value, reason);
        }
    }

    public static ServerName of(String value) {
        return new ServerName(value);
    }

    /** The hostname part, with brackets kept around an IPv6 literal. */
    public String host() {
        int colon = portSeparator(value);
        return colon < 0 ? value : value.substring(0, colon);
    }

    public OptionalInt port() {
        int colon = portSeparator(value);
        return colon < 0 ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return value;
    }

    /** Index of the ':' before the port in a valid server name, or −1 if there is no port. */
    private static int portSeparator(String value) {
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            return end + 1 < value.length() ? end + 1 : -1;
        }
        return value.indexOf(':');
    }

    /** Why {@code value} is not a server name, or null if it is one. */
    private static String problem(String value) {
        if (value.isEmpty()) {
            return "empty";
        }
        String host = value;
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return "unterminated IPv6 literal";
            }
            host = value.substring(0, end + 1);
            String rest = value.substring(end + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    return "unexpected characters after IPv6 literal";
                }
                String portProblem = portProblem(rest.substring(1));
                if (portProblem != null) {
                    return portProblem;
                }
            }
            return ipv6Problem(host.substring(1, host.length() - 1));
        }
        int colon = value.indexOf(':');
        if (colon >= 0) {
            host = value.substring(0, colon);
            String portProblem = portProblem(value.substring(colon + 1));
            if (portProblem != null) {
                return portProblem;
            }
        }
        if (host.isEmpty()) {
            return "empty hostname";
        }
        if (host.length() > MAX_DNS_NAME) {
            return "hostname longer than " + MAX_DNS_NAME + " characters";
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean dnsChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.';
            if (!dnsChar) {
                return "hostname has a character not allowed in a DNS name or IPv4 address";
            }
        }
        return null;
    }

    private static String ipv6Problem(String address) {
        if (address.length() < 2 || address.length() > 45) {
            return "IPv6 literal must be 2 to 45 characters";
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':'
                    || c == '.';
            if (!ok) {
                return "IPv6 literal has a character other than hex digits, ':' and '.'";
            }
        }
        return null;
    }

    private static String portProblem(String port) {
        if (port.isEmpty() || port.length() > 5) {
            return "port must be 1 to 5 digits";
        }
        for (int i = 0; i < port.length(); i++) {
            if (port.charAt(i) < '0' || port.charAt(i) > '9') {
                return "port must be digits";
            }
        }
        return Integer.parseInt(port) > 65535 ? "port above 65535" : null;
    }
}
