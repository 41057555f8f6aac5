package dev.myelin.crypto.olm;

import dev.myelin.crypto.Curve25519PublicKey;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import java.util.Optional;

/** The JSON shapes of Olm to-device messages: the {@code m.room.encrypted} content and the plaintext inside. */
final class ToDeviceJson {
    static final String ALGORITHM = OlmAccount.OLM_ALGORITHM;

    /** The parts of the encrypted content meant for this device. */
    record Envelope(Curve25519PublicKey senderKey, OlmMessage message) {
    }

    private ToDeviceJson() {
    }

    static JsonObject encryptedContent(Curve25519PublicKey senderKey, Curve25519PublicKey recipientKey,
            OlmMessage message) {
        return JsonObject.builder()
                .put("algorithm", ALGORITHM)
                .put("sender_key", senderKey.toBase64())
                .put("ciphertext", JsonObject.builder()
                        .put(recipientKey.toBase64(), JsonObject.builder()
                                .put("type", message.type())
                                .put("body", message.toBase64())
                                .build())
                        .build())
                .build();
    }

    static JsonObject plaintext(DeviceIdentity sender, DeviceIdentity recipient, String type, JsonObject content,
            JsonObject senderDeviceKeys) {
        return JsonObject.builder()
                .put("type", type)
                .put("content", content)
                .put("sender", sender.userId())
                .put("sender_device", sender.deviceId())
                .put("recipient", recipient.userId())
                .put("recipient_keys", JsonObject.builder().put("ed25519", recipient.ed25519().toBase64()).build())
                .put("keys", JsonObject.builder().put("ed25519", sender.ed25519().toBase64()).build())
                .put("sender_device_keys", senderDeviceKeys)
                .build();
    }

    /** Reads algorithm, sender key and this device's ciphertext entry; unknown members are ignored. */
    static Envelope parseEnvelope(JsonObject content, Curve25519PublicKey ownKey) {
        try {
            if (!ALGORITHM.equals(content.string("algorithm"))) {
                throw new OlmException("not an Olm to-device message");
            }
            var senderKey = Curve25519PublicKey.fromBase64(content.string("sender_key"));
            JsonObject ours = content.object("ciphertext").optionalObject(ownKey.toBase64())
                    .orElseThrow(() -> new OlmException("to-device message has no ciphertext for this device"));
            long type = ours.integer("type");
            if (type != 0 && type != 1) {
                throw new OlmException("unknown Olm message type " + type);
            }
            return new Envelope(senderKey, OlmMessage.fromBase64((int) type, ours.string("body")));
        } catch (JsonException | IllegalArgumentException e) {
            throw new OlmException("malformed Olm to-device content");
        }
    }

    /** The receiver checks on a decrypted plaintext; returns the authenticated event or throws. */
    static DecryptedToDevice checkPlaintext(JsonObject plaintext, String sender, DeviceIdentity self,
            Curve25519PublicKey senderKey, Optional<DeviceIdentity> knownDevice) {
        try {
            if (!sender.equals(plaintext.string("sender"))) {
                throw new OlmException("Olm plaintext sender does not match the to-device sender");
            }
            if (!self.userId().equals(plaintext.string("recipient"))) {
                throw new OlmException("Olm plaintext is for another user");
            }
            if (!self.ed25519().equals(Ed25519PublicKey.fromBase64(plaintext.object("recipient_keys").string("ed25519")))) {
                throw new OlmException("Olm plaintext is for another device");
            }
            var claimedEd25519 = Ed25519PublicKey.fromBase64(plaintext.object("keys").string("ed25519"));
            Optional<DeviceIdentity> fromPlaintext = plaintext.optionalObject("sender_device_keys")
                    .map(DeviceIdentity::fromSignedDeviceKeys);
            if (knownDevice.isEmpty() && fromPlaintext.isEmpty()) {
                throw new OlmException("sending device is unknown and sent no sender_device_keys");
            }
            for (DeviceIdentity device : new DeviceIdentity[] {knownDevice.orElse(null), fromPlaintext.orElse(null)}) {
                if (device != null && !(device.userId().equals(sender) && device.curve25519().equals(senderKey)
                        && device.ed25519().equals(claimedEd25519))) {
                    throw new OlmException("sending device keys do not match the Olm session");
                }
            }
            DeviceIdentity device = knownDevice.orElseGet(fromPlaintext::orElseThrow);
            return new DecryptedToDevice(device, plaintext.string("type"), plaintext.object("content"));
        } catch (JsonException | IllegalArgumentException e) {
            throw new OlmException("malformed Olm plaintext");
        }
    }
}
