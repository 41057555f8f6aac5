package dev.myelin.homeserver.events;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Content hashes, signatures and reference hashes of PDUs, as the specification's "Signing Events" and "Calculating
 * the reference hash for an event" define them. All inputs are Matrix canonical JSON.
 */
public final class EventHashing {
    private static final Base64.Encoder STANDARD = Base64.getEncoder().withoutPadding();
    private static final Base64.Encoder URL_SAFE = Base64.getUrlEncoder().withoutPadding();

    private EventHashing() {
    }

    /** sha256 over the event without {@code unsigned}, {@code signatures} and {@code hashes}. */
    public static String contentHash(JsonObject event) {
        return STANDARD.encodeToString(sha256(Json.canonicalBytes(event.without("unsigned", "signatures", "hashes"))));
    }

    /**
     * Adds {@code hashes.sha256} and this server's signature. The signature covers the redacted event, so it stays
     * valid when the event is redacted later.
     */
    public static JsonObject hashAndSign(JsonObject event, RoomVersion version, String serverName,
            ServerSigningKey key) {
        JsonObject hashed = event.with("hashes", JsonObject.builder().put("sha256", contentHash(event)).build());
        JsonObject toSign = Redaction.redact(hashed, version).without("signatures", "unsigned");
        String signature = key.sign(Json.canonicalBytes(toSign));
        JsonObject signatures = JsonObject.builder()
                .put(serverName, JsonObject.builder().put(key.keyId(), signature).build())
                .build();
        return hashed.with("signatures", signatures);
    }

    /** The event id of a room v4+ event: {@code $} and the url-safe reference hash. */
    public static String eventId(JsonObject signedEvent, RoomVersion version) {
        JsonObject reference = Redaction.redact(signedEvent, version).without("signatures", "unsigned");
        return "$" + URL_SAFE.encodeToString(sha256(Json.canonicalBytes(reference)));
    }

    /** A copy with the unsigned section replaced (it is outside every hash and signature). */
    public static JsonObject withUnsigned(JsonObject event, JsonObject unsigned) {
        return unsigned.size() == 0 ? event.without("unsigned") : event.with("unsigned", (JsonValue) unsigned);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
