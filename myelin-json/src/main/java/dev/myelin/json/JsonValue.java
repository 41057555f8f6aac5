package dev.myelin.json;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * An immutable JSON value. The set of kinds is closed, so a {@code switch} over a value is exhaustive.
 *
 * <p>Numbers come in two kinds: {@link JsonInteger} for integral values that fit a {@code long} (the only numbers
 * Matrix canonical JSON allows, and then only within ±(2^53−1)), and {@link JsonDecimal} for everything else.
 */
public sealed interface JsonValue permits JsonObject, JsonArray, JsonString, JsonInteger, JsonDecimal, JsonBoolean,
        JsonNull {

    /** The JSON type name used in error messages ("object", "string", ...). */
    String typeName();

    static JsonString of(String value) {
        return new JsonString(value);
    }

    static JsonInteger of(long value) {
        return new JsonInteger(value);
    }

    static JsonBoolean of(boolean value) {
        return JsonBoolean.of(value);
    }

    static JsonDecimal of(BigDecimal value) {
        return new JsonDecimal(value);
    }

    static JsonArray of(List<? extends JsonValue> elements) {
        return new JsonArray(List.copyOf(elements));
    }

    static JsonObject of(Map<String, ? extends JsonValue> members) {
        return new JsonObject(new java.util.LinkedHashMap<String, JsonValue>(members));
    }

    static JsonArray ofStrings(List<String> strings) {
        return new JsonArray(strings.stream().<JsonValue>map(JsonString::new).toList());
    }
}
