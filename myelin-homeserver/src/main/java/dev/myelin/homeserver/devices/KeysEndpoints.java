package dev.myelin.homeserver.devices;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.rooms.StreamNotifier;
import dev.myelin.homeserver.storage.KeyRepository;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.myelin.json.JsonArray;

/**
 * {@code /keys/upload}, {@code /keys/query}, {@code /keys/claim}: the key distribution Olm sessions (and so
 * MatrixRTC media keys) depend on. Keys are stored as uploaded; clients check the signatures themselves.
 */
public final class KeysEndpoints {
    static final String SIGNED_CURVE25519 = "signed_curve25519";

    private final Storage storage;
    private final Authenticator authenticator;
    private final StreamNotifier notifier;
    private final ServerName serverName;

    public KeysEndpoints(Storage storage, Authenticator authenticator, StreamNotifier notifier, ServerName serverName) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.notifier = notifier;
        this.serverName = serverName;
    }

    public void register(Router router) {
        router.client("POST", "/keys/upload", this::upload);
        router.client("POST", "/keys/query", this::query);
        router.client("POST", "/keys/claim", this::claim);
    }

    private ApiResponse upload(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        JsonObject body = request.jsonBody();
        UserId user = requester.userId();
        DeviceId device = requester.deviceId();
        Optional<JsonObject> deviceKeys = body.optionalObject("device_keys");
        deviceKeys.ifPresent(keys -> {
            if (!keys.string("user_id").equals(user.toString()) || !keys.string("device_id").equals(device.value())) {
                throw MatrixException.badJson("device_keys must name the uploading user and device");
            }
        });
        JsonObject oneTimeKeys = body.optionalObject("one_time_keys").orElse(JsonObject.EMPTY);
        JsonObject fallbackKeys = body.optionalObject("fallback_keys")
                .or(() -> body.optionalObject("org.matrix.msc2732.fallback_keys")).orElse(JsonObject.EMPTY);
        boolean deviceListChanged = storage.write(repositories -> {
            KeyRepository keys = repositories.keys();
            boolean changed = false;
            if (deviceKeys.isPresent() && !deviceKeys.equals(keys.deviceKeys(user, device))) {
                keys.putDeviceKeys(user, device, deviceKeys.get());
                keys.recordDeviceListChange(user);
                changed = true;
            }
            forEachKey(oneTimeKeys, (algorithm, keyId, key) -> keys.addOneTimeKey(user, device, algorithm, keyId, key));
            forEachKey(fallbackKeys, (algorithm, keyId, key) -> keys.putFallbackKey(user, device, algorithm, keyId,
                    key));
            return changed;
        });
        if (deviceListChanged) {
            notifier.poke();
        }
        Map<String, Long> counts = storage.read(repositories -> repositories.keys().oneTimeKeyCounts(user, device));
        return ApiResponse.ok(JsonObject.builder().put("one_time_key_counts", countsJson(counts)).build());
    }

    /** Counts with {@code signed_curve25519} always present: absent reads as 0 but makes js-sdk upload again. */
    public static JsonObject countsJson(Map<String, Long> counts) {
        var builder = JsonObject.builder().put(SIGNED_CURVE25519, counts.getOrDefault(SIGNED_CURVE25519, 0L));
        counts.forEach(builder::put);
        return builder.build();
    }

    private interface KeyConsumer {
        void accept(String algorithm, String keyId, JsonObject key);
    }

    /** {@code "<algorithm>:<key id>": key object} entries; a plain string key (unsigned curve25519) is wrapped. */
    private static void forEachKey(JsonObject keys, KeyConsumer consumer) {
        for (var entry : keys.members().entrySet()) {
            int colon = entry.getKey().indexOf(':');
            if (colon <= 0 || colon == entry.getKey().length() - 1) {
                throw MatrixException.badJson("key id '" + entry.getKey() + "' must be <algorithm>:<id>");
            }
            JsonObject key = switch (entry.getValue()) {
                case JsonObject object -> object;
                case JsonString string -> JsonObject.builder().put("key", string.value()).build();
                default -> throw MatrixException.badJson("key '" + entry.getKey() + "' must be an object");
            };
            consumer.accept(entry.getKey().substring(0, colon), entry.getKey().substring(colon + 1), key);
        }
    }

    private ApiResponse query(ApiRequest request) {
        authenticator.authenticate(request);
        JsonObject wanted = request.jsonBody().object("device_keys");
        JsonObject result = storage.read(repositories -> {
            var perUser = JsonObject.builder();
            for (var entry : wanted.members().entrySet()) {
                UserId user = UserId.parse(entry.getKey());
                if (!user.server().equals(serverName)) {
                    continue;
                }
                List<String> devices = entry.getValue() instanceof JsonArray array
                        ? array.strings() : List.of();
                perUser.put(user.toString(), devicesOf(repositories, user, devices));
            }
            return perUser.build();
        });
        return ApiResponse.ok(JsonObject.builder()
                .put("device_keys", result)
                .put("failures", JsonObject.EMPTY)
                .put("master_keys", JsonObject.EMPTY)
                .put("self_signing_keys", JsonObject.EMPTY)
                .put("user_signing_keys", JsonObject.EMPTY)
                .build());
    }

    private static JsonObject devicesOf(Repositories repositories, UserId user, List<String> only) {
        var devices = JsonObject.builder();
        repositories.keys().deviceKeys(user).forEach((deviceId, keys) -> {
            if (only.isEmpty() || only.contains(deviceId.value())) {
                var unsigned = JsonObject.builder();
                repositories.devices().find(user, deviceId).flatMap(d -> d.displayName())
                        .ifPresent(name -> unsigned.put("device_display_name", name));
                devices.put(deviceId.value(), keys.with("unsigned", unsigned.build()));
            }
        });
        return devices.build();
    }

    private ApiResponse claim(ApiRequest request) {
        authenticator.authenticate(request);
        JsonObject wanted = request.jsonBody().object("one_time_keys");
        JsonObject claimed = storage.write(repositories -> {
            var perUser = JsonObject.builder();
            for (var userEntry : wanted.members().entrySet()) {
                UserId user = UserId.parse(userEntry.getKey());
                if (!user.server().equals(serverName) || !(userEntry.getValue() instanceof JsonObject devices)) {
                    continue;
                }
                var perDevice = JsonObject.builder();
                for (var deviceEntry : devices.members().entrySet()) {
                    if (!(deviceEntry.getValue() instanceof JsonString algorithm)) {
                        throw MatrixException.badJson("claim algorithm must be a string");
                    }
                    DeviceId device = DeviceId.of(deviceEntry.getKey());
                    KeyRepository keys = repositories.keys();
                    keys.claimOneTimeKey(user, device, algorithm.value())
                            .or(() -> keys.claimFallbackKey(user, device, algorithm.value()))
                            .ifPresent(key -> perDevice.put(device.value(),
                                    JsonObject.builder().put(key.keyId(), key.key()).build()));
                }
                JsonObject found = perDevice.build();
                if (found.size() > 0) {
                    perUser.put(user.toString(), found);
                }
            }
            return perUser.build();
        });
        return ApiResponse.ok(JsonObject.builder().put("one_time_keys", claimed)
                .put("failures", JsonObject.EMPTY).build());
    }
}
