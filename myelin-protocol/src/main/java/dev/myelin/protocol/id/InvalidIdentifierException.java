package dev.myelin.protocol.id;

/** A string that is not a valid identifier of the expected kind. Maps to {@code M_INVALID_PARAM} at the HTTP edge. */
public final class InvalidIdentifierException extends IllegalArgumentException {
    private static final int MAX_ECHO = 120;

    InvalidIdentifierException(String kind, String raw, String reason) {
        super("invalid " + kind + " '" + abbreviate(raw) + "': " + reason);
    }

    /** Echoes at most a prefix of hostile input, so error messages and logs stay small. */
    private static String abbreviate(String raw) {
        return raw.length() <= MAX_ECHO ? raw : raw.substring(0, MAX_ECHO) + "…";
    }
}
