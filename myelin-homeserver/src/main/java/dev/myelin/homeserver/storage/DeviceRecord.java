package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

public record DeviceRecord(UserId userId, DeviceId deviceId, Optional<String> displayName, long createdTs) {
    public DeviceRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(displayName, "displayName");
    }
}
