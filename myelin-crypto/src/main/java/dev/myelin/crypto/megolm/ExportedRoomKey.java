package dev.myelin.crypto.megolm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import java.util.List;
import java.util.Objects;

/**
 * One entry of a key export or backup ({@code ExportedSessionData}): which room and sender a Megolm session belongs
 * to, and its v1 export from some index on. The exported key is secret: {@link #toString()} leaves it out.
 */
public record ExportedRoomKey(String roomId, Curve25519PublicKey senderKey, String sessionId, String sessionKey,
        Ed25519PublicKey senderClaimedEd25519, List<String> forwardingCurve25519KeyChain) {
    public static final String ALGORITHM = "m.megolm.v1.aes-sha2";

    public ExportedRoomKey {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(senderKey, "senderKey");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(sessionKey, "sessionKey");
        Objects.requireNonNull(senderClaimedEd25519, "senderClaimedEd25519");
        forwardingCurve25519KeyChain = List.copyOf(forwardingCurve25519KeyChain);
    }

    /** The entry for {@code session} from {@code index} on, as the sender's device would export it. */
    public static ExportedRoomKey of(String roomId, Curve25519PublicKey senderKey, Ed25519PublicKey senderEd25519,
            InboundGroupSession session, long index) {
        return new ExportedRoomKey(roomId, senderKey, session.sessionId(), session.export(index), senderEd25519,
                List.of());
    }

    /** Imports the session; throws {@link MegolmException} if the key does not belong to the claimed session id. */
    public InboundGroupSession toSession() {
        InboundGroupSession session = InboundGroupSession.importSession(sessionKey);
        if (!session.sessionId().equals(sessionId)) {
            throw new MegolmException("exported key does not match its session id");
        }
        return session;
    }

    public JsonObject toJson() {
        return JsonObject.builder()
                .put("algorithm", ALGORITHM)
                .put("room_id", roomId)
                .put("sender_key", senderKey.toBase64())
                .put("session_id", sessionId)
                .put("session_key", sessionKey)
                .put("sender_claimed_keys", JsonObject.builder().put("ed25519", senderClaimedEd25519.toBase64()).build())
                .put("forwarding_curve25519_key_chain", JsonValue.ofStrings(forwardingCurve25519KeyChain))
                .build();
    }

    /** Parses one entry; throws {@link MegolmException} if a member is missing or malformed. */
    public static ExportedRoomKey fromJson(JsonObject json) {
        try {
            if (!ALGORITHM.equals(json.string("algorithm"))) {
                throw new MegolmException("not a Megolm v1 exported key");
            }
            List<String> chain = json.optionalArray("forwarding_curve25519_key_chain").map(a -> a.elements().stream()
                    .map(e -> ((JsonString) e).value()).toList()).orElse(List.of());
            return new ExportedRoomKey(json.string("room_id"), Curve25519PublicKey.fromBase64(json.string("sender_key")),
                    json.string("session_id"), json.string("session_key"),
                    Ed25519PublicKey.fromBase64(json.object("sender_claimed_keys").string("ed25519")), chain);
        } catch (JsonException | IllegalArgumentException | ClassCastException e) {
            throw new MegolmException("malformed exported key");
        }
    }

    @Override
    public String toString() {
        return "ExportedRoomKey[room=" + roomId + ", session=" + sessionId + "]";
    }
}
