package dev.myelin.crypto.megolm;

import dev.myelin.json.Json;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.util.Arrays;
import java.util.Objects;

/**
 * The Matrix JSON around Megolm: {@code m.room.encrypted} room-event content ({@code algorithm}, {@code ciphertext},
 * {@code session_id}; the deprecated {@code sender_key}/{@code device_id} are not sent and ignored when received),
 * the plaintext {@code {"type", "content", "room_id"}} inside, and the {@code m.room_key} to-device content that
 * shares a session.
 */
public final class MegolmRoomEvents {
    public static final String ALGORITHM = ExportedRoomKey.ALGORITHM;

    /** A decrypted room event: its type, content and Megolm index (reject an index seen with another event id). */
    public record DecryptedRoomEvent(String type, JsonObject content, long messageIndex) {
        public DecryptedRoomEvent {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(content, "content");
        }
    }

    /** A session shared through {@code m.room_key}. */
    public record RoomKey(String roomId, InboundGroupSession session) {
        public RoomKey {
            Objects.requireNonNull(roomId, "roomId");
            Objects.requireNonNull(session, "session");
        }
    }

    private MegolmRoomEvents() {
    }

    public static JsonObject encrypt(OutboundGroupSession session, String roomId, String type, JsonObject content) {
        byte[] plaintext = Json.canonicalBytes(JsonObject.builder()
                .put("type", type).put("content", content).put("room_id", roomId).build());
        MegolmMessage message = session.encrypt(plaintext);
        Arrays.fill(plaintext, (byte) 0);
        return JsonObject.builder()
                .put("algorithm", ALGORITHM)
                .put("ciphertext", message.toBase64())
                .put("session_id", session.sessionId())
                .build();
    }

    /**
     * Decrypts room-event content received in {@code roomId}; throws {@link MegolmException} when the session does not
     * match, the message does not authenticate, or the plaintext claims another room.
     */
    public static DecryptedRoomEvent decrypt(InboundGroupSession session, String roomId, JsonObject content) {
        JsonObject plaintext;
        long index;
        try {
            if (!ALGORITHM.equals(content.string("algorithm"))) {
                throw new MegolmException("not a Megolm room event");
            }
            if (!session.sessionId().equals(content.string("session_id"))) {
                throw new MegolmException("room event is for another Megolm session");
            }
            DecryptedGroupMessage decrypted = session.decrypt(MegolmMessage.fromBase64(content.string("ciphertext")));
            index = decrypted.messageIndex();
            plaintext = Json.parseObject(decrypted.plaintext());
            if (!roomId.equals(plaintext.string("room_id"))) {
                throw new MegolmException("room event was encrypted for another room");
            }
            return new DecryptedRoomEvent(plaintext.string("type"), plaintext.object("content"), index);
        } catch (JsonException e) {
            throw new MegolmException("malformed Megolm room event");
        }
    }

    /** The {@code m.room_key} content sharing {@code session} from its current index. */
    public static JsonObject roomKeyContent(String roomId, OutboundGroupSession session) {
        return JsonObject.builder()
                .put("algorithm", ALGORITHM)
                .put("room_id", roomId)
                .put("session_id", session.sessionId())
                .put("session_key", session.sessionKey())
                .build();
    }

    /** Reads {@code m.room_key} content (after Olm decryption); the session key must match the session id. */
    public static RoomKey parseRoomKey(JsonObject content) {
        try {
            if (!ALGORITHM.equals(content.string("algorithm"))) {
                throw new MegolmException("not a Megolm room key");
            }
            var session = InboundGroupSession.fromSessionKey(content.string("session_key"));
            if (!session.sessionId().equals(content.string("session_id"))) {
                throw new MegolmException("room key does not match its session id");
            }
            return new RoomKey(content.string("room_id"), session);
        } catch (JsonException e) {
            throw new MegolmException("malformed room key");
        }
    }
}
