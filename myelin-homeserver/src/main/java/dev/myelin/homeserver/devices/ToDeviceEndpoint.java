package dev.myelin.homeserver.devices;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.rooms.StreamNotifier;
import dev.myelin.homeserver.storage.DeviceRecord;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code PUT /sendToDevice/{type}/{txnId}}: queues each message for the named device ({@code *} = every device the
 * user has now), in one transaction, idempotent per sending device and txn id. Recipients on other servers and
 * unknown devices are skipped, as Synapse does for unknown devices (no federation yet).
 */
public final class ToDeviceEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(ToDeviceEndpoint.class);

    private final Storage storage;
    private final Authenticator authenticator;
    private final StreamNotifier notifier;
    private final ServerName serverName;
    private final InstantSource clock;

    public ToDeviceEndpoint(Storage storage, Authenticator authenticator, StreamNotifier notifier,
            ServerName serverName, InstantSource clock) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.notifier = notifier;
        this.serverName = serverName;
        this.clock = clock;
    }

    public void register(Router router) {
        router.client("PUT", "/sendToDevice/{type}/{txnId}", this::send);
    }

    private ApiResponse send(ApiRequest request) {
        Requester sender = authenticator.authenticate(request);
        String type = request.pathParameter("type");
        String txnId = request.pathParameter("txnId");
        if (type.isEmpty()) {
            throw MatrixException.invalidParam("Event type must not be empty");
        }
        JsonObject messages = request.jsonBody().object("messages");
        // Parse every recipient before writing anything: a bad id fails the whole request.
        for (var perUser : messages.members().entrySet()) {
            UserId.parse(perUser.getKey());
            if (!(perUser.getValue() instanceof JsonObject devices)) {
                throw MatrixException.badJson("messages for " + perUser.getKey() + " must be an object");
            }
            for (JsonValue content : devices.members().values()) {
                if (!(content instanceof JsonObject)) {
                    throw MatrixException.badJson("to-device content must be an object");
                }
            }
        }
        int queued = storage.write(repositories -> {
            if (!repositories.toDevice().claimTransaction(sender.userId(), sender.deviceId(), txnId,
                    clock.millis())) {
                return 0;
            }
            int count = 0;
            for (var perUser : messages.members().entrySet()) {
                UserId recipient = UserId.parse(perUser.getKey());
                if (!recipient.server().equals(serverName)) {
                    LOG.debug("to-device for {} dropped: no federation", recipient);
                    continue;
                }
                for (Map.Entry<String, JsonValue> perDevice : ((JsonObject) perUser.getValue()).members().entrySet()) {
                    JsonObject content = (JsonObject) perDevice.getValue();
                    if (perDevice.getKey().equals("*")) {
                        for (DeviceRecord device : repositories.devices().list(recipient)) {
                            repositories.toDevice().enqueue(recipient, device.deviceId(), sender.userId(), type,
                                    content);
                            count++;
                        }
                    } else {
                        DeviceId deviceId = DeviceId.of(perDevice.getKey());
                        if (repositories.devices().find(recipient, deviceId).isPresent()) {
                            repositories.toDevice().enqueue(recipient, deviceId, sender.userId(), type, content);
                            count++;
                        }
                    }
                }
            }
            return count;
        });
        if (queued > 0) {
            // Only the recipients' parked syncs have something new.
            notifier.poke(messages.members().keySet().stream().map(UserId::parse).toList());
        }
        return ApiResponse.empty();
    }
}
