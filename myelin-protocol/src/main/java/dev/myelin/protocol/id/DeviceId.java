package dev.myelin.protocol.id;

import java.util.Objects;

/**
 * A device ID. The specification leaves it opaque; we require 1 to 255 bytes without whitespace or controls, which
 * every client seen in the wild respects (matrix-js-sdk and Synapse make ten upper-case letters).
 */
public record DeviceId(String value) {

    public DeviceId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw new InvalidIdentifierException("device ID", value, "empty");
        }
        if (Grammar.utf8Length(value) > Grammar.MAX_ID_BYTES) {
            throw new InvalidIdentifierException("device ID", value, "longer than 255 bytes");
        }
        if (Grammar.hasControlOrSpace(value)) {
            throw new InvalidIdentifierException("device ID", value, "contains whitespace or controls");
        }
    }

    public static DeviceId of(String value) {
        return new DeviceId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
