package dev.myelin.protocol.id;

import java.util.Objects;

/**
 * An event ID: {@code $opaque:server} in room versions 1–2, {@code $} plus an unpadded base64 reference hash from
 * version 3 on (URL-safe alphabet from version 4). Opaque beyond the sigil, length and character checks.
 */
public record EventId(String value) {

    public EventId {
        Objects.requireNonNull(value, "value");
        if (!value.startsWith("$") || value.length() < 2) {
            throw new InvalidIdentifierException("event ID", value, "must be '$' followed by the id");
        }
        if (Grammar.utf8Length(value) > Grammar.MAX_ID_BYTES) {
            throw new InvalidIdentifierException("event ID", value, "longer than 255 bytes");
        }
        if (Grammar.hasControlOrSpace(value)) {
            throw new InvalidIdentifierException("event ID", value, "contains whitespace or controls");
        }
    }

    public static EventId parse(String raw) {
        return new EventId(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
