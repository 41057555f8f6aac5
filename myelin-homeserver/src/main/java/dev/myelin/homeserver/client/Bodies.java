package dev.myelin.homeserver.client;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;
import java.util.Optional;

/** Request-body helpers shared by endpoints, with the errors Synapse gives for the same mistakes. */
final class Bodies {
    static final int MAX_PASSWORD_LENGTH = 512;
    static final int MAX_DISPLAY_NAME_LENGTH = 256;

    private Bodies() {
    }

    static Optional<DeviceId> deviceId(JsonObject body) {
        return body.optionalString("device_id").map(DeviceId::of);
    }

    static Optional<String> displayName(JsonObject body, String field) {
        Optional<String> name = body.optionalString(field);
        if (name.isPresent() && name.get().length() > MAX_DISPLAY_NAME_LENGTH) {
            throw MatrixException.invalidParam("'" + field + "' is longer than " + MAX_DISPLAY_NAME_LENGTH);
        }
        return name;
    }

    static Optional<String> password(JsonObject body) {
        Optional<String> password = body.optionalString("password");
        if (password.isPresent() && password.get().length() > MAX_PASSWORD_LENGTH) {
            throw MatrixException.invalidParam("Password too long");
        }
        return password;
    }
}
