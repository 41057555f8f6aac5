package dev.myelin.json;

/** A JSON number whose value is an integer that fits a {@code long}. */
public record JsonInteger(long value) implements JsonValue {
    /** The largest magnitude Matrix canonical JSON allows: 2^53 − 1. */
    public static final long MAX_SAFE = (1L << 53) - 1;

    /** Whether canonical JSON may carry this value: within ±(2^53 − 1). */
    public boolean isSafe() {
        return value >= -MAX_SAFE && value <= MAX_SAFE;
    }

    @Override
    public String typeName() {
        return "integer";
    }
}
