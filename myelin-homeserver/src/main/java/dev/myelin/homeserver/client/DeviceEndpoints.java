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
import java.util.List;
import java.util.Optional;

/**
 * The user's own devices: list, read, rename, and delete (behind user-interactive auth): a deleted device is logged
 * out, its keys and queued to-device messages go, and users sharing a room see it in {@code device_lists.changed}.
 */
final class DeviceEndpoints {
    private final ClientContext context;
    private final UserInteractiveAuth uia;
    private final Runnable changed;

    /** @param changed wakes {@code /sync} long-polls (device lists changed) */
    DeviceEndpoints(ClientContext context, Runnable changed) {
        this.context = context;
        this.uia = new UserInteractiveAuth(context);
        this.changed = changed;
    }

    void register(Router router) {
        router.client("GET", "/devices", this::list);
        router.client("GET", "/devices/{deviceId}", this::get);
        router.client("PUT", "/devices/{deviceId}", this::rename);
        router.client("DELETE", "/devices/{deviceId}", this::deleteOne);
        router.client("POST", "/delete_devices", this::deleteMany);
    }

    private ApiResponse deleteOne(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        DeviceId deviceId = DeviceId.of(request.pathParameter("deviceId"));
        return delete(requester, request.jsonBodyOrEmpty(), List.of(deviceId));
    }

    private ApiResponse deleteMany(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        JsonObject body = request.jsonBody();
        List<DeviceId> devices = body.array("devices").strings().stream().map(DeviceId::of).toList();
        return delete(requester, body, devices);
    }

    /** After user-interactive auth; devices that do not exist are skipped, as Synapse does. */
    private ApiResponse delete(Requester requester, JsonObject body, List<DeviceId> devices) {
        Optional<ApiResponse> challenge = uia.check(requester, body);
        if (challenge.isPresent()) {
            return challenge.get();
        }
        context.storage().write(repositories -> {
            for (DeviceId device : devices) {
                repositories.devices().delete(requester.userId(), device);
            }
            return null;
        });
        changed.run();
        return ApiResponse.empty();
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
