package dev.myelin.protocol.id;

import java.nio.charset.StandardCharsets;

/** Character classes and limits from the Matrix specification's appendix on identifier grammar. */
final class Grammar {
    /** User IDs, room IDs, aliases and event IDs: at most 255 bytes including sigil and domain. */
    static final int MAX_ID_BYTES = 255;

    private Grammar() {
    }

    static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Current user-ID localpart characters: a-z 0-9 . _ = - / + */
    static boolean isUserIdChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '.' || c == '_' || c == '=' || c == '-' || c == '/' || c == '+';
    }

    /** Historical user-ID localpart characters: printable ASCII except ':'. */
    static boolean isHistoricalUserIdChar(char c) {
        return c >= 0x21 && c <= 0x7e && c != ':';
    }

    /** Characters never allowed in opaque identifiers: controls, whitespace, and unpaired surrogates. */
    static boolean hasControlOrSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || Character.isWhitespace(c)
                    || Character.isSpaceChar(c)) {
                return true;
            }
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** Splits {@code sigil + local + ":" + server} at the first ':'; returns the index of that colon or −1. */
    static int serverSeparator(String raw) {
        return raw.indexOf(':');
    }
}
