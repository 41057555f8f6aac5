package dev.myelin.json;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A JSON number that is not a {@code long}-sized integer: written with a fraction ({@code 1.5}, {@code 1.0}) or too
 * large for a {@code long}. Kept exact; equal to another decimal of the same numeric value whatever its scale
 * ({@code 1.0e1} equals {@code 10.0}). Matrix canonical JSON refuses these.
 */
public record JsonDecimal(BigDecimal value) implements JsonValue {
    public JsonDecimal {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String typeName() {
        return "number";
    }

    /**
     * The JSON text of this number, always with a fraction part so that it reads back as a decimal, never as an
     * integer: {@code 1E+1} becomes {@code 1.0E+1}, {@code 10} becomes {@code 10.0}.
     */
    String toJson() {
        String text = value.toString();
        if (text.indexOf('.') >= 0) {
            return text;
        }
        int exponent = text.indexOf('E');
        return exponent < 0 ? text + ".0" : text.substring(0, exponent) + ".0" + text.substring(exponent);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof JsonDecimal decimal && value.compareTo(decimal.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.stripTrailingZeros().hashCode();
    }
}
