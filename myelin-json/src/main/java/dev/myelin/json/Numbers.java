package dev.myelin.json;

import java.math.BigDecimal;

/** Number kind decisions shared by the parser and callers building values. */
final class Numbers {
    private Numbers() {
    }

    /**
     * A number written without a fraction part: an integer if its value is integral and fits a {@code long}
     * ({@code 1e10} is the integer 10000000000, as the Matrix canonical JSON examples show), else a decimal.
     */
    static JsonValue fromExact(BigDecimal value) {
        if (value.signum() == 0) {
            return new JsonInteger(0);
        }
        // Cheap bound before exact conversion: a long has at most 19 digits.
        if (value.precision() - value.scale() <= 19) {
            try {
                return new JsonInteger(value.longValueExact());
            } catch (ArithmeticException notIntegralOrTooLarge) {
                return new JsonDecimal(value);
            }
        }
        return new JsonDecimal(value);
    }
}
