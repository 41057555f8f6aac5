package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.rooms.SyncFilter;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;

/**
 * The per-user endpoints matrix-js-sdk needs before its first {@code /sync}: filters (404 ⇒ endless retry), and the key-backup probe ({@code 404 M_NOT_FOUND} = no backup).
 */
final class ClientStateEndpoints {
    private final ClientContext context;

    ClientStateEndpoints(ClientContext context) {
        this.context = context;
    }

    void register(Router router) {
        router.client("POST", "/user/{userId}/filter", this::createFilter);
        router.client("GET", "/user/{userId}/filter/{filterId}", this::getFilter);
        router.client("GET", "/room_keys/version", this::noBackup);
    }

    private ApiResponse createFilter(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        requireSelf(request, requester, "Cannot create filters for other users");
        JsonObject filter = request.jsonBody();
        SyncFilter.validate(filter);
        long number = context.storage().write(repositories -> repositories.filters().create(requester.userId(),
                filter));
        return ApiResponse.ok(JsonObject.builder().put("filter_id", Long.toString(number)).build());
    }

    private ApiResponse getFilter(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        requireSelf(request, requester, "Cannot get filters for other users");
        long number;
        try {
            number = Long.parseLong(request.pathParameter("filterId"));
        } catch (NumberFormatException e) {
            throw MatrixException.notFound("No such filter");
        }
        JsonObject filter = context.storage().read(repositories ->
                repositories.filters().find(requester.userId(), number))
                .orElseThrow(() -> MatrixException.notFound("No such filter"));
        return ApiResponse.ok(filter);
    }

    private ApiResponse noBackup(ApiRequest request) {
        context.authenticator().authenticate(request);
        throw MatrixException.notFound("No current backup version");
    }

    private static void requireSelf(ApiRequest request, Requester requester, String message) {
        if (!UserId.parse(request.pathParameter("userId")).equals(requester.userId())) {
            throw MatrixException.forbidden(message);
        }
    }
}
