package dev.myelin.homeserver.auth;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;

/** The authenticated user and device behind a request. */
public record Requester(UserId userId, DeviceId deviceId) {
    public Requester {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(deviceId, "deviceId");
    }
}
