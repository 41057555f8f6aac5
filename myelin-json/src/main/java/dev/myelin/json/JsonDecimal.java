package dev.myelin.json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON number that is not a {@code long}-sized integer: written with a fraction ({@code 1.5}, {@code 1.0}) or too
 * large for a {@code long}. Kept exact. Matrix canonical JSON refuses these.
 */
public record JsonDecimal(BigDecimal value) implements JsonValue {
    public JsonDecimal {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String typeName() {
        return "number";
    }
}
