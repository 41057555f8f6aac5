package dev.myelin.client;

import dev.myelin.client.http.MatrixHttp;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A logged-in device: the Client-Server calls MatrixRTC needs. Thread-safe; every call blocks, so call from virtual
 * threads. Errors: {@link dev.myelin.protocol.error.MatrixException} for error responses, {@link
 * java.io.UncheckedIOException} for transport failures.
 */
public final class Session {
    private static final String DELAYED_EVENTS = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events/";
    private final MatrixHttp http;
    private final UserId user;
    private final DeviceId device;
    private final String accessToken;

    Session(MatrixHttp http, UserId user, DeviceId device, String accessToken) {
        this.http = http;
        this.user = Objects.requireNonNull(user, "user");
        this.device = Objects.requireNonNull(device, "device");
        this.accessToken = Objects.requireNonNull(accessToken, "accessToken");
    }

    public UserId user() {
        return user;
    }

    public DeviceId device() {
        return device;
    }

    /** The access token; a secret, so this is the only way out and {@link #toString} never shows it. */
    public String accessToken() {
        return accessToken;
    }

    public JsonObject whoami() {
        return get("/_matrix/client/v3/account/whoami", Map.of());
    }

    public RoomId createRoom(JsonObject body) {
        return RoomId.parse(post("/_matrix/client/v3/createRoom", body).string("room_id"));
    }

    public RoomId join(String roomIdOrAlias) {
        return RoomId.parse(post("/_matrix/client/v3/join/" + MatrixHttp.encode(roomIdOrAlias), JsonObject.EMPTY)
                .string("room_id"));
    }

    public EventId sendEvent(RoomId room, String type, JsonObject content) {
        return EventId.parse(put(roomPath(room) + "/send/" + MatrixHttp.encode(type) + "/" + newTxnId(), Map.of(),
                content).string("event_id"));
    }

    public EventId sendState(RoomId room, String type, String stateKey, JsonObject content) {
        return EventId.parse(put(statePath(room, type, stateKey), Map.of(), content).string("event_id"));
    }

    /** Sends a timeline event with query parameters (delay, stickiness); returns the response body. */
    public JsonObject sendEvent(RoomId room, String type, JsonObject content, Map<String, String> query) {
        return put(roomPath(room) + "/send/" + MatrixHttp.encode(type) + "/" + newTxnId(), query, content);
    }

    /** Sends a state event with query parameters (delay); returns the response body. */
    public JsonObject sendState(RoomId room, String type, String stateKey, JsonObject content,
            Map<String, String> query) {
        return put(statePath(room, type, stateKey), query, content);
    }

    /** {@code POST …/delayed_events/{id}/{action}} with action restart, cancel or send. */
    public void updateDelayedEvent(String delayId, String action, Duration timeout) {
        http.request("POST", DELAYED_EVENTS + MatrixHttp.encode(delayId) + "/" + action, Map.of(),
                Optional.of(JsonObject.EMPTY), Optional.of(accessToken), timeout);
    }

    /** {@code PUT /sendToDevice/{type}/{txn}}: {@code messages} maps user to device (or "*") to content. */
    public void sendToDevice(String type, Map<UserId, Map<String, JsonObject>> messages) {
        var byUser = new LinkedHashMap<String, JsonValue>();
        messages.forEach((recipient, devices) -> byUser.put(recipient.toString(), JsonValue.of(devices)));
        put("/_matrix/client/v3/sendToDevice/" + MatrixHttp.encode(type) + "/" + newTxnId(), Map.of(),
                JsonObject.builder().put("messages", JsonValue.of(byUser)).build());
    }

    /** One {@code /sync}; waits up to {@code timeout} on the server for something new. */
    public JsonObject sync(Optional<String> since, Duration timeout, Optional<String> filter) {
        var query = new LinkedHashMap<String, String>();
        since.ifPresent(token -> query.put("since", token));
        filter.ifPresent(value -> query.put("filter", value));
        query.put("timeout", Long.toString(timeout.toMillis()));
        return http.request("GET", "/_matrix/client/v3/sync", query, Optional.empty(), Optional.of(accessToken),
                timeout.plus(MatrixClient.REQUEST_TIMEOUT));
    }

    public JsonObject get(String path, Map<String, String> query) {
        return http.request("GET", path, query, Optional.empty(), Optional.of(accessToken),
                MatrixClient.REQUEST_TIMEOUT);
    }

    public JsonObject post(String path, JsonObject body) {
        return http.request("POST", path, Map.of(), Optional.of(body), Optional.of(accessToken),
                MatrixClient.REQUEST_TIMEOUT);
    }

    public JsonObject put(String path, Map<String, String> query, JsonObject body) {
        return http.request("PUT", path, query, Optional.of(body), Optional.of(accessToken),
                MatrixClient.REQUEST_TIMEOUT);
    }

    private static String roomPath(RoomId room) {
        return "/_matrix/client/v3/rooms/" + MatrixHttp.encode(room.value());
    }

    private static String statePath(RoomId room, String type, String stateKey) {
        return roomPath(room) + "/state/" + MatrixHttp.encode(type) + "/" + MatrixHttp.encode(stateKey);
    }

    private static String newTxnId() {
        return "m" + UUID.randomUUID();
    }

    @Override
    public String toString() {
        return "Session[" + user + " " + device + "]";
    }
}
