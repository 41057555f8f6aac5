package dev.myelin.crypto;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import java.util.Optional;

/**
 * Matrix signed JSON (spec appendices, "Signing JSON"): the signature covers the canonical JSON of the object without
 * {@code signatures} and {@code unsigned}, and lives under {@code signatures[user_id]["ed25519:" + device_id]}.
 */
public final class JsonSignatures {
    private JsonSignatures() {
    }

    /** The bytes an Ed25519 signature over {@code object} covers. */
    public static byte[] signingBytes(JsonObject object) {
        return Json.canonicalBytes(object.without("signatures", "unsigned"));
    }

    /** A copy of {@code object} with {@code signature} added under {@code signatures[userId][keyId]}, others kept. */
    public static JsonObject withSignature(JsonObject object, String userId, String keyId, Ed25519Signature signature) {
        JsonObject signatures = object.optionalObject("signatures").orElse(JsonObject.EMPTY);
        JsonObject forUser = signatures.optionalObject(userId).orElse(JsonObject.EMPTY);
        forUser = forUser.with(keyId, JsonValue.of(signature.toBase64()));
        return object.with("signatures", signatures.with(userId, forUser));
    }

    /** The signature stored under {@code signatures[userId][keyId]}, if there is a well-formed one. */
    public static Optional<Ed25519Signature> signature(JsonObject object, String userId, String keyId) {
        try {
            return object.optionalObject("signatures")
                    .flatMap(s -> s.optionalObject(userId))
                    .flatMap(u -> u.optional(keyId, JsonString.class))
                    .map(s -> Ed25519Signature.fromBase64(s.value()));
        } catch (JsonShapeException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code object} carries a valid signature by {@code key} under {@code signatures[userId][keyId]}. */
    public static boolean verify(JsonObject object, String userId, String keyId, Ed25519PublicKey key) {
        return signature(object, userId, keyId).map(sig -> key.verify(signingBytes(object), sig)).orElse(false);
    }
}
