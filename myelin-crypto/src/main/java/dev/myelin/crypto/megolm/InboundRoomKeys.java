package dev.myelin.crypto.megolm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The Megolm sessions other devices shared with this one ({@code m.room_key} over Olm), and decryption of the
 * {@code m.room.encrypted} room events they protect. Each session is bound to the device that shared it: an event
 * decrypts only if its sender is that device's user (else anyone in the room could speak with a key they were given),
 * and a session id already filed for another device is refused. A message index may decrypt one event id only.
 * Bounded: beyond {@code maxSessions} the oldest session is forgotten. Not thread safe.
 */
public final class InboundRoomKeys {
    /** What became of one encrypted room event. */
    public sealed interface Result {
        /** It decrypted: the event's real type and content, the device whose session it used, the Megolm index. */
        record Decrypted(String type, JsonObject content, DeviceIdentity sharedBy, long messageIndex)
                implements Result {
            public Decrypted {
                Objects.requireNonNull(type, "type");
                Objects.requireNonNull(content, "content");
                Objects.requireNonNull(sharedBy, "sharedBy");
            }
        }

        /** No session with this id yet: keep the event and try again when room keys arrive. */
        record MissingKey(String sessionId) implements Result {
        }

        /** It never will decrypt (malformed, forged, replayed, wrong sender or room); the reason is for logs. */
        record Rejected(String reason) implements Result {
        }
    }

    private record Key(String roomId, String sessionId) {
    }

    private record Filed(InboundGroupSession session, DeviceIdentity sharedBy) {
    }

    private final int maxSessions;
    private final LinkedHashMap<Key, Filed> sessions;
    private final ReplayGuard replays = new ReplayGuard(10_000);

    public InboundRoomKeys(int maxSessions) {
        if (maxSessions < 1) {
            throw new IllegalArgumentException("maxSessions must be positive, got " + maxSessions);
        }
        this.maxSessions = maxSessions;
        this.sessions = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Filed> eldest) {
                return size() > InboundRoomKeys.this.maxSessions;
            }
        };
    }

    /**
     * Files the session of an {@code m.room_key} content that arrived Olm-encrypted from {@code sharedBy}. A copy
     * that starts earlier replaces one that starts later; the same id from another device is refused.
     *
     * @return whether the session is new or now decrypts more than before
     */
    public boolean add(JsonObject roomKeyContent, DeviceIdentity sharedBy) {
        Objects.requireNonNull(sharedBy, "sharedBy");
        MegolmRoomEvents.RoomKey key;
        try {
            key = MegolmRoomEvents.parseRoomKey(roomKeyContent);
        } catch (MegolmException malformed) {
            return false;
        }
        var id = new Key(key.roomId(), key.session().sessionId());
        Filed known = sessions.get(id);
        if (known != null && (!known.sharedBy().equals(sharedBy)
                || known.session().firstKnownIndex() <= key.session().firstKnownIndex())) {
            return false;
        }
        sessions.put(id, new Filed(key.session(), sharedBy));
        return true;
    }

    public boolean has(String roomId, String sessionId) {
        return sessions.containsKey(new Key(roomId, sessionId));
    }

    /**
     * Decrypts the content of an {@code m.room.encrypted} event {@code eventId} that {@code sender} sent in
     * {@code roomId}.
     */
    public Result decrypt(String roomId, String sender, String eventId, JsonObject content) {
        String sessionId;
        try {
            sessionId = content.string("session_id");
        } catch (JsonException e) {
            return new Result.Rejected("no session id");
        }
        Filed filed = sessions.get(new Key(roomId, sessionId));
        if (filed == null) {
            return new Result.MissingKey(sessionId);
        }
        if (!filed.sharedBy().userId().equals(sender)) {
            return new Result.Rejected("sent by " + sender + " with a session of " + filed.sharedBy().userId());
        }
        try {
            MegolmRoomEvents.DecryptedRoomEvent event = MegolmRoomEvents.decrypt(filed.session(), roomId, content);
            replays.check(sessionId, event.messageIndex(), eventId);
            return new Result.Decrypted(event.type(), event.content(), filed.sharedBy(), event.messageIndex());
        } catch (MegolmException e) {
            return new Result.Rejected(e.getMessage());
        }
    }

    public int size() {
        return sessions.size();
    }

    /**
     * Every session and who shared it, each session encrypted at rest under {@code key} (32 bytes), for
     * {@link #restore}. The replay record is not kept: events decrypted before a restart are not checked again.
     */
    public JsonObject save(SecretBytes key) {
        var list = new ArrayList<JsonValue>();
        sessions.forEach((id, filed) -> list.add(JsonObject.builder()
                .put("room_id", id.roomId())
                .put("user_id", filed.sharedBy().userId())
                .put("device_id", filed.sharedBy().deviceId())
                .put("curve25519", filed.sharedBy().curve25519().toBase64())
                .put("ed25519", filed.sharedBy().ed25519().toBase64())
                .put("session", Base64.getEncoder().encodeToString(filed.session().pickle(key)))
                .build()));
        return JsonObject.builder().put("sessions", JsonValue.of(list)).build();
    }

    /** Restores what {@link #save} wrote; throws {@link MegolmException} on a wrong key or damaged state. */
    public static InboundRoomKeys restore(JsonObject saved, SecretBytes key, int maxSessions) {
        var keys = new InboundRoomKeys(maxSessions);
        try {
            for (JsonObject entry : saved.array("sessions").objects()) {
                var sharedBy = new DeviceIdentity(entry.string("user_id"), entry.string("device_id"),
                        Curve25519PublicKey.fromBase64(entry.string("curve25519")),
                        Ed25519PublicKey.fromBase64(entry.string("ed25519")));
                var session = InboundGroupSession.unpickle(Base64.getDecoder().decode(entry.string("session")), key);
                keys.sessions.put(new Key(entry.string("room_id"), session.sessionId()), new Filed(session, sharedBy));
            }
        } catch (JsonException | IllegalArgumentException e) {
            throw new MegolmException("damaged room key state");
        }
        return keys;
    }
}
