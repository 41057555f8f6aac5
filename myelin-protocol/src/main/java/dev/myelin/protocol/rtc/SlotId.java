package dev.myelin.protocol.rtc;

import java.util.Objects;

/**
 * A MatrixRTC slot id, {@code application#id} with exactly one '#'. The id may be empty ({@code m.call#}); the
 * default session slot is {@code m.call#ROOM}.
 */
public record SlotId(String application, String id) {
    public static final String CALL_APPLICATION = "m.call";
    public static final SlotId ROOM_CALL = new SlotId(CALL_APPLICATION, "ROOM");

    public SlotId {
        Objects.requireNonNull(application, "application");
        Objects.requireNonNull(id, "id");
        if (application.isEmpty() || application.indexOf('#') >= 0 || id.indexOf('#') >= 0) {
            throw new IllegalArgumentException("invalid slot: application '" + application + "', id '" + id + "'");
        }
    }

    /** Parses {@code application#id}; more or fewer than one '#' is invalid. */
    public static SlotId parse(String raw) {
        int hash = raw.indexOf('#');
        if (hash <= 0 || raw.indexOf('#', hash + 1) >= 0) {
            throw new IllegalArgumentException("slot id must be 'application#id' with one '#': '" + raw + "'");
        }
        return new SlotId(raw.substring(0, hash), raw.substring(hash + 1));
    }

    /**
     * The slot a legacy membership names with {@code application} and {@code call_id}: for {@code m.call} only, the
     * empty call id means the room's call ({@code m.call#ROOM}); other applications map literally.
     */
    public static SlotId fromLegacy(String application, String callId) {
        if (CALL_APPLICATION.equals(application) && callId.isEmpty()) {
            return ROOM_CALL;
        }
        return new SlotId(application, callId);
    }

    /** The legacy {@code call_id} for this slot: the inverse of {@link #fromLegacy}. */
    public String legacyCallId() {
        return equals(ROOM_CALL) ? "" : id;
    }

    @Override
    public String toString() {
        return application + "#" + id;
    }
}
