package dev.myelin.homeserver.account;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.rooms.StreamNotifier;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;
import dev.myelin.protocol.error.ErrorCode;
import java.util.List;

/** Global and per-room account data: PUT and GET, delivered to the user's other devices through {@code /sync}. */
public final class AccountDataEndpoints {
    private final Storage storage;
    private final Authenticator authenticator;
    private final StreamNotifier notifier;

    public AccountDataEndpoints(Storage storage, Authenticator authenticator, StreamNotifier notifier) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.notifier = notifier;
    }

    public void register(Router router) {
        router.client("PUT", "/user/{userId}/account_data/{type}", this::put);
        router.client("GET", "/user/{userId}/account_data/{type}", this::get);
        router.client("PUT", "/user/{userId}/rooms/{roomId}/account_data/{type}", this::put);
        router.client("GET", "/user/{userId}/rooms/{roomId}/account_data/{type}", this::get);
    }

    private ApiResponse put(ApiRequest request) {
        Requester requester = self(request, "Cannot add account data for other users.");
        Optional<RoomId> roomId = room(request);
        String type = type(request);
        if (type.equals("m.fully_read") || type.equals("m.push_rules")) {
            throw new MatrixException(400, ErrorCode.BAD_JSON,
                    "Cannot set " + type + " through this API");
        }
        JsonObject content = request.jsonBody();
        storage.write(repositories -> repositories.accountData().put(requester.userId(), roomId, type, content));
        notifier.poke(List.of(requester.userId()));
        return ApiResponse.empty();
    }

    private ApiResponse get(ApiRequest request) {
        Requester requester = self(request, "Cannot get account data for other users.");
        Optional<RoomId> roomId = room(request);
        String type = type(request);
        return ApiResponse.ok(storage.read(repositories -> repositories.accountData().get(requester.userId(), roomId,
                type)).orElseThrow(() -> MatrixException.notFound("Account data not found")));
    }

    private Requester self(ApiRequest request, String message) {
        Requester requester = authenticator.authenticate(request);
        if (!UserId.parse(request.pathParameter("userId")).equals(requester.userId())) {
            throw MatrixException.forbidden(message);
        }
        return requester;
    }

    private static Optional<RoomId> room(ApiRequest request) {
        return Optional.ofNullable(request.pathParameters().get("roomId")).map(RoomId::parse);
    }

    private static String type(ApiRequest request) {
        String type = request.pathParameter("type");
        if (type.isEmpty()) {
            throw MatrixException.invalidParam("Account data type must not be empty");
        }
        return type;
    }
}
