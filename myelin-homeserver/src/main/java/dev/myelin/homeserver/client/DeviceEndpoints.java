package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.DeviceRecord;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;

/** The user's own devices: list, read, rename. Deleting other devices (which needs auth) is not here yet. */
final class DeviceEndpoints {
    private final ClientContext context;

    DeviceEndpoints(ClientContext context) {
        this.context = context;
    }

    void register(Router router) {
        router.client("GET", "/devices", this::list);
        router.client("GET", "/devices/{deviceId}", this::get);
        router.client("PUT", "/devices/{deviceId}", this::rename);
    }

    private static JsonObject json(DeviceRecord device) {
        var body = JsonObject.builder().put("device_id", device.deviceId().value());
        device.displayName().ifPresent(name -> body.put("display_name", name));
        return body.build();
    }

    private ApiResponse list(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        var devices = context.storage().read(repositories -> repositories.devices().list(requester.userId()));
        return ApiResponse.ok(JsonObject.builder().put("devices",
                new JsonArray(devices.stream().map(d -> (JsonValue) json(d)).toList())).build());
    }

    private ApiResponse get(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        DeviceId deviceId = DeviceId.of(request.pathParameter("deviceId"));
        return ApiResponse.ok(context.storage().read(repositories ->
                repositories.devices().find(requester.userId(), deviceId)).map(DeviceEndpoints::json)
                .orElseThrow(() -> MatrixException.notFound("Device not found")));
    }

    private ApiResponse rename(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        DeviceId deviceId = DeviceId.of(request.pathParameter("deviceId"));
        var name = Bodies.displayName(request.jsonBody(), "display_name");
        if (name.isPresent()) {
            boolean renamed = context.storage().write(repositories ->
                    repositories.devices().rename(requester.userId(), deviceId, name.get()));
            if (!renamed) {
                throw MatrixException.notFound("Device not found");
            }
        }
        return ApiResponse.empty();
    }
}
