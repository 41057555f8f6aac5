package dev.myelin.json;

import java.util.List;

/**
 * The compact JSON string arrays that LiveKit room names and participant identities are hashed over. Two producers
 * exist and they disagree on a few characters, so both are reproduced exactly:
 * <ul>
 *   <li>{@link #goMarshal} — Go's {@code json.Marshal}, used by lk-jwt-service: also escapes {@code < > &} and
 *       U+2028/U+2029, and turns text that is not valid Unicode into U+FFFD.</li>
 *   <li>{@link #jsStringify} — JavaScript's {@code JSON.stringify}, used by matrix-js-sdk: escapes only {@code "},
 *       {@code \} and controls, and an unpaired surrogate as a lower-case {@code \\udxxx} escape.</li>
 * </ul>
 * For strings of valid Unicode without those characters both equal Matrix canonical JSON.
 */
public final class HashInputJson {
    private HashInputJson() {
    }

    /** What Go's {@code json.Marshal([]string{...})} produces. */
    public static String goMarshal(List<String> strings) {
        var out = new StringBuilder();
        out.append('[');
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendGoString(strings.get(i), out);
        }
        return out.append(']').toString();
    }

    /** What JavaScript's {@code JSON.stringify([...])} produces for an array of strings. */
    public static String jsStringify(List<String> strings) {
        var out = new StringBuilder();
        out.append('[');
        for (int i = 0; i < strings.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            appendJsString(strings.get(i), out);
        }
        return out.append(']').toString();
    }

    private static void appendGoString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                out.append('\uFFFD'); // Go decodes the UTF-8 it is given; an unpaired surrogate arrives as invalid bytes.
            } else if (c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                JsonWriter.appendUnicodeEscape(c, out);
            } else {
                JsonWriter.appendEscaped(c, out);
            }
        }
        out.append('"');
    }

    private static void appendJsString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                out.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                JsonWriter.appendUnicodeEscape(c, out); // well-formed JSON.stringify (ES2019)
            } else {
                JsonWriter.appendEscaped(c, out);
            }
        }
        out.append('"');
    }
}
