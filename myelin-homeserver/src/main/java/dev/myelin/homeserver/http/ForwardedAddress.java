package dev.myelin.homeserver.http;

import java.util.regex.Pattern;

/** Checks a forwarded client address by its text alone (never a DNS lookup, which a header must not trigger). */
final class ForwardedAddress {
    private static final Pattern IPV4 =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    /** Hex groups and colons, optionally ending in a dotted IPv4 part; the length bounds it to real addresses. */
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:]{2,39}(:[0-9.]{7,15})?");

    private ForwardedAddress() {
    }

    static boolean isIpLiteral(String text) {
        if (text.length() > 45) {
            return false;
        }
        if (IPV4.matcher(text).matches()) {
            return true;
        }
        return text.indexOf(':') >= 0 && IPV6.matcher(text).matches();
    }
}
