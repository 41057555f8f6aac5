package dev.myelin.authservice.livekit;

import dev.myelin.json.HashInputJson;
import java.util.List;
import java.util.Map;

/**
 * Compact JSON as Go's {@code encoding/json} writes it ({@code <>&} and U+2028/U+2029 escaped), for response bodies
 * and token payloads, so they match lk-jwt-service byte for byte. Values: String, Long/Integer, Boolean, Map.
 */
public final class GoJsonWriter {
    private GoJsonWriter() {
    }

    /** Members in the map's iteration order. */
    public static String object(Map<String, ?> members) {
        var out = new StringBuilder();
        append(members, out);
        return out.toString();
    }

    private static void append(Object value, StringBuilder out) {
        switch (value) {
            case String s -> out.append(quote(s));
            case Long l -> out.append(l);
            case Integer i -> out.append(i);
            case Boolean b -> out.append(b);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (var entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    out.append(quote((String) entry.getKey())).append(':');
                    append(entry.getValue(), out);
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("unsupported JSON value " + value.getClass());
        }
    }

    /** A Go JSON string literal. */
    public static String quote(String s) {
        String array = HashInputJson.goMarshal(List.of(s)); // ["..."], the same escaping as one string
        return array.substring(1, array.length() - 1);
    }
}
