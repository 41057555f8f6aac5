package dev.myelin.crypto.olm;

import dev.myelin.json.JsonObject;
import java.util.Objects;

/** An Olm to-device event that decrypted and passed every receiver check, with the device that sent it. */
public record DecryptedToDevice(DeviceIdentity sender, String type, JsonObject content) {
    public DecryptedToDevice {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
    }
}
