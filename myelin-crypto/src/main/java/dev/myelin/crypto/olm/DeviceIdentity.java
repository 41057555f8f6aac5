package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.JsonSignatures;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.util.Objects;

/** A device's published identity: owner, id, and its Curve25519 and Ed25519 keys. */
public record DeviceIdentity(String userId, String deviceId, Curve25519PublicKey curve25519, Ed25519PublicKey ed25519) {
    public DeviceIdentity {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(curve25519, "curve25519");
        Objects.requireNonNull(ed25519, "ed25519");
    }

    /**
     * Reads a {@code device_keys} object (from {@code /keys/query} or {@code sender_device_keys}) and checks its
     * self-signature; throws {@link OlmException} if it is malformed or the signature does not verify.
     */
    public static DeviceIdentity fromSignedDeviceKeys(JsonObject deviceKeys) {
        DeviceIdentity identity;
        try {
            String userId = deviceKeys.string("user_id");
            String deviceId = deviceKeys.string("device_id");
            JsonObject keys = deviceKeys.object("keys");
            identity = new DeviceIdentity(userId, deviceId,
                    Curve25519PublicKey.fromBase64(keys.string("curve25519:" + deviceId)),
                    Ed25519PublicKey.fromBase64(keys.string("ed25519:" + deviceId)));
        } catch (JsonException | IllegalArgumentException e) {
            throw new OlmException("malformed device keys");
        }
        if (!JsonSignatures.verify(deviceKeys, identity.userId(), "ed25519:" + identity.deviceId(), identity.ed25519())) {
            throw new OlmException("device keys are not signed by the device's own key");
        }
        return identity;
    }

    /**
     * Reads one claimed {@code signed_curve25519} key object (from {@code /keys/claim}) and checks it is signed by
     * this device; throws {@link OlmException} otherwise.
     */
    public Curve25519PublicKey verifyClaimedKey(JsonObject signedKey) {
        try {
            var key = Curve25519PublicKey.fromBase64(signedKey.string("key"));
            if (!JsonSignatures.verify(signedKey, userId, "ed25519:" + deviceId, ed25519)) {
                throw new OlmException("one-time key is not signed by the device");
            }
            return key;
        } catch (JsonException | IllegalArgumentException e) {
            throw new OlmException("malformed one-time key");
        }
    }
}
