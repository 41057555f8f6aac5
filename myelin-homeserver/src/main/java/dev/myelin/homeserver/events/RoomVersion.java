package dev.myelin.homeserver.events;

import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;

/**
 * The room versions this server creates and serves. Both use event ids from reference hashes (v4+ format) and
 * integer-only power levels (v10+); v11 (MSC2174/2175/3821/3989) changes redaction and drops {@code creator}.
 */
public enum RoomVersion {
    V10("10"),
    V11("11");

    public static final RoomVersion DEFAULT = V10;

    private final String id;

    RoomVersion(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static RoomVersion of(String id) {
        for (RoomVersion version : values()) {
            if (version.id.equals(id)) {
                return version;
            }
        }
        throw new MatrixException(400, ErrorCode.UNSUPPORTED_ROOM_VERSION, "Room version '" + id
                + "' is not supported; use 10 or 11");
    }

    /** v11 keeps all of {@code m.room.create}'s content and no longer has a {@code creator} field. */
    public boolean createHasCreatorField() {
        return this == V10;
    }

    /** v11 stops protecting the top-level {@code origin}, {@code membership} and {@code prev_state}. */
    boolean redactionKeepsLegacyTopLevelKeys() {
        return this == V10;
    }
}
