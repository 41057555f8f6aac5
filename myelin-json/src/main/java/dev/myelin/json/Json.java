package dev.myelin.json;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** Entry points: strict parsing, compact writing and Matrix canonical JSON. */
public final class Json {
    private Json() {
    }

    /** Parses a JSON text strictly; see {@link MalformedJsonException} for what is refused. */
    public static JsonValue parse(String text) {
        return JsonParser.parse(text);
    }

    /** Parses UTF-8 bytes strictly; invalid UTF-8 (including a byte-order mark) is malformed. */
    public static JsonValue parse(byte[] utf8) {
        if (utf8.length >= 3 && (utf8[0] & 0xff) == 0xef && (utf8[1] & 0xff) == 0xbb && (utf8[2] & 0xff) == 0xbf) {
            throw new MalformedJsonException("byte-order mark before JSON", 0);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(utf8))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedJsonException("invalid UTF-8", 0);
        }
        return JsonParser.parse(text);
    }

    /** Parses a text that must be a JSON object: other JSON is a {@link JsonShapeException}. */
    public static JsonObject parseObject(String text) {
        return requireObject(parse(text));
    }

    /** Parses UTF-8 bytes that must be a JSON object: other JSON is a {@link JsonShapeException}. */
    public static JsonObject parseObject(byte[] utf8) {
        return requireObject(parse(utf8));
    }

    private static JsonObject requireObject(JsonValue value) {
        if (value instanceof JsonObject object) {
            return object;
        }
        throw new JsonShapeException("expected a JSON object, not " + value.typeName());
    }

    /** Compact JSON in member insertion order; numbers of any kind are allowed. */
    public static String write(JsonValue value) {
        var out = new StringBuilder();
        JsonWriter.writeCompact(value, out);
        return out.toString();
    }

    /** Compact JSON as UTF-8 bytes. */
    public static byte[] writeBytes(JsonValue value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Matrix canonical JSON: members sorted by code point, no whitespace, integers within ±(2^53−1) only.
     *
     * @throws JsonShapeException for a non-integer or out-of-range number
     */
    public static String canonical(JsonValue value) {
        var out = new StringBuilder();
        JsonWriter.writeCanonical(value, out);
        return out.toString();
    }

    /** Matrix canonical JSON as UTF-8 bytes, the input to signing and hashing. */
    public static byte[] canonicalBytes(JsonValue value) {
        return canonical(value).getBytes(StandardCharsets.UTF_8);
    }
}
