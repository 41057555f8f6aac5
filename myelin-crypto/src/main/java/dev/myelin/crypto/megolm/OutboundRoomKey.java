package dev.myelin.crypto.megolm;

import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * This device's sending Megolm session for one room, and who has it. Before each event the caller says which devices
 * are in the room now; a device that had the session and is gone (its user left, or it was deleted), the room's
 * rotation period, or its message count start a new session, as Matrix clients do, so that nobody who left can read
 * what is said after. Devices that joined get the current session from its current index, so they cannot read what
 * was said before them. Not thread safe; time comes in as arguments.
 */
public final class OutboundRoomKey {
    /** The {@code m.room.encryption} rotation settings. */
    public record Rotation(long periodMs, long periodMessages) {
        /** The spec's defaults: a week, 100 messages. */
        public static final Rotation DEFAULTS = new Rotation(604_800_000L, 100);

        public Rotation {
            if (periodMs < 1 || periodMessages < 1) {
                throw new IllegalArgumentException("rotation periods must be positive");
            }
        }

        /** From {@code m.room.encryption} content; missing or unusable values take the defaults. */
        public static Rotation of(JsonObject encryptionContent) {
            long ms = positive(encryptionContent, "rotation_period_ms", DEFAULTS.periodMs());
            long messages = positive(encryptionContent, "rotation_period_msgs", DEFAULTS.periodMessages());
            return new Rotation(ms, messages);
        }

        private static long positive(JsonObject content, String name, long fallback) {
            var value = content.lenientInteger(name);
            return value.isPresent() && value.getAsLong() > 0 ? value.getAsLong() : fallback;
        }
    }

    /**
     * What to do before encrypting: send {@code roomKey} (Olm, {@code m.room_key}) to {@code shareWith}, then report
     * who got it with {@link #shared}.
     *
     * @param rotated whether a new session was started
     */
    public record Plan(boolean rotated, List<DeviceIdentity> shareWith, JsonObject roomKey) {
        public Plan {
            shareWith = List.copyOf(shareWith);
            Objects.requireNonNull(roomKey, "roomKey");
        }
    }

    private final String roomId;
    private final Rotation rotation;
    private final RandomGenerator random;
    private OutboundGroupSession session;
    private long createdAt;
    private final Set<DeviceIdentity> sharedWith = new HashSet<>();

    public OutboundRoomKey(String roomId, Rotation rotation, RandomGenerator random) {
        this.roomId = Objects.requireNonNull(roomId, "roomId");
        this.rotation = Objects.requireNonNull(rotation, "rotation");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Decides, for the devices in the room now (not this one), whether to rotate and whom to give the session. */
    public Plan prepare(Set<DeviceIdentity> devices, long now) {
        boolean someoneGone = !devices.containsAll(sharedWith);
        boolean rotate = session == null || someoneGone || now - createdAt >= rotation.periodMs()
                || session.messageIndex() >= rotation.periodMessages();
        if (rotate) {
            session = OutboundGroupSession.create(random);
            createdAt = now;
            sharedWith.clear();
        }
        var missing = new ArrayList<DeviceIdentity>();
        devices.forEach(device -> {
            if (!sharedWith.contains(device)) {
                missing.add(device);
            }
        });
        return new Plan(rotate, missing, MegolmRoomEvents.roomKeyContent(roomId, session));
    }

    /** Records that these devices received the session of the last {@link #prepare}. */
    public void shared(List<DeviceIdentity> devices) {
        sharedWith.addAll(devices);
    }

    /** The {@code m.room.encrypted} content of an event; call {@link #prepare} first. */
    public JsonObject encrypt(String type, JsonObject content) {
        if (session == null) {
            throw new IllegalStateException("prepare before encrypting");
        }
        return MegolmRoomEvents.encrypt(session, roomId, type, content);
    }

    /** Whether {@code device} was given the current session. */
    public boolean isSharedWith(DeviceIdentity device) {
        return sharedWith.contains(device);
    }

    /** The current session's id, if one was started. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(session).map(OutboundGroupSession::sessionId);
    }
}
