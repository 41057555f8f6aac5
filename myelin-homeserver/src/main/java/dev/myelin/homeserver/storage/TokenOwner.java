package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;

/** Whom an access token authenticates. */
public record TokenOwner(UserId userId, DeviceId deviceId) {
    public TokenOwner {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
