package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Secrets;
import dev.myelin.homeserver.storage.DeviceRecord;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;

/** Starts a logged-in session: the device (new or reused) and a fresh access token, inside the caller's transaction. */
final class Sessions {
    private Sessions() {
    }

    record Session(UserId userId, DeviceId deviceId, String accessToken) {
        JsonObject toJson(String homeServer) {
            return JsonObject.builder()
                    .put("user_id", userId.toString())
                    .put("access_token", accessToken)
                    .put("device_id", deviceId.value())
                    .put("home_server", homeServer)
                    .build();
        }
    }

    static Session start(ClientContext context, Repositories repositories, UserId userId,
            Optional<DeviceId> requestedDevice, Optional<String> displayName) {
        DeviceId deviceId = requestedDevice.orElseGet(() -> DeviceId.of(context.secrets().newDeviceId()));
        long now = context.now();
        repositories.devices().createIfAbsent(new DeviceRecord(userId, deviceId, displayName, now));
        String token = context.secrets().newAccessToken();
        repositories.accessTokens().create(Secrets.tokenHash(token), userId, deviceId, now);
        return new Session(userId, deviceId, token);
    }
}
