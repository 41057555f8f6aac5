package dev.myelin.json;

import java.util.Objects;

/** A JSON string. The value never holds an unpaired surrogate, so it always encodes as valid UTF-8. */
public record JsonString(String value) implements JsonValue {
    public JsonString {
        Objects.requireNonNull(value, "value");
        Utf16.requireWellFormed(value);
    }

    @Override
    public String typeName() {
        return "string";
    }
}
