package dev.myelin.json;

import java.util.ArrayList;
import java.util.Map;

/** Writes compact and canonical JSON. Both escape strings exactly as the Matrix canonical JSON grammar says. */
final class JsonWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonWriter() {
    }

    static void writeCompact(JsonValue value, StringBuilder out) {
        write(value, out, false);
    }

    static void writeCanonical(JsonValue value, StringBuilder out) {
        write(value, out, true);
    }

    private static void write(JsonValue value, StringBuilder out, boolean canonical) {
        switch (value) {
            case JsonObject object -> writeObject(object, out, canonical);
            case JsonArray array -> {
                out.append('[');
                for (int i = 0; i < array.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(array.get(i), out, canonical);
                }
                out.append(']');
            }
            case JsonString string -> writeString(string.value(), out);
            case JsonInteger integer -> {
                if (canonical && !integer.isSafe()) {
                    throw new JsonShapeException(
                            "integer " + integer.value() + " is outside canonical JSON's range ±(2^53-1)");
                }
                out.append(integer.value());
            }
            case JsonDecimal decimal -> {
                if (canonical) {
                    throw new JsonShapeException("canonical JSON allows integers only, not " + decimal.value());
                }
                out.append(decimal.toJson());
            }
            case JsonBoolean bool -> out.append(bool.value());
            case JsonNull ignored -> out.append("null");
        }
    }

    private static void writeObject(JsonObject object, StringBuilder out, boolean canonical) {
        var entries = new ArrayList<>(object.members().entrySet());
        if (canonical) {
            entries.sort(Map.Entry.comparingByKey(Utf16::compareByCodePoint));
        }
        out.append('{');
        boolean first = true;
        for (var entry : entries) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writeString(entry.getKey(), out);
            out.append(':');
            write(entry.getValue(), out, canonical);
        }
        out.append('}');
    }

    static void writeString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            appendEscaped(s.charAt(i), out);
        }
        out.append('"');
    }

    /** Escapes '"', '\\' and C0 controls (short forms where the grammar has them, else lower-case \\u00xx). */
    static void appendEscaped(char c, StringBuilder out) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (c < 0x20) {
                    appendUnicodeEscape(c, out);
                } else {
                    out.append(c);
                }
            }
        }
    }

    static void appendUnicodeEscape(char c, StringBuilder out) {
        out.append("\\u")
                .append(HEX[(c >> 12) & 0xf])
                .append(HEX[(c >> 8) & 0xf])
                .append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
    }
}
