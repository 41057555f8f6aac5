package dev.myelin.json;

/** The input is not JSON: a syntax error, invalid UTF-8, a duplicate key, or nesting beyond the limit. */
public final class MalformedJsonException extends JsonException {
    private final int offset;

    public MalformedJsonException(String message, int offset) {
        super(message + " at offset " + offset);
        this.offset = offset;
    }

    /** Character offset in the input where parsing stopped. */
    public int offset() {
        return offset;
    }
}
