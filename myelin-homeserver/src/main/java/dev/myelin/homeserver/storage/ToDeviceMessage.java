package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;

/** A queued to-device message; {@code streamId} orders a device's queue and is what a sync token acknowledges. */
public record ToDeviceMessage(long streamId, UserId sender, String type, JsonObject content) {
    public ToDeviceMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
    }
}
