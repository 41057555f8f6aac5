package dev.myelin.homeserver.client;

import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.auth.Secrets;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.error.ErrorCode;

/**
 * OpenID for MatrixRTC: clients get a short-lived token for the LiveKit authorization service, which checks it at
 * {@code /_matrix/federation/v1/openid/userinfo}. Many tokens per user may be live at once (one per SFU).
 */
final class OpenIdEndpoints {
    static final long LIFETIME_SECONDS = 3600;

    private final ClientContext context;

    OpenIdEndpoints(ClientContext context) {
        this.context = context;
    }

    void register(Router router) {
        router.client("POST", "/user/{userId}/openid/request_token", this::requestToken);
        router.add("GET", "/_matrix/federation/v1/openid/userinfo", this::userInfo);
    }

    private ApiResponse requestToken(ApiRequest request) {
        Requester requester = context.authenticator().authenticate(request);
        if (!UserId.parse(request.pathParameter("userId")).equals(requester.userId())) {
            throw MatrixException.forbidden("Cannot request tokens for other users.");
        }
        request.jsonBodyOrEmpty();
        String token = context.secrets().newAccessToken();
        long now = context.now();
        context.storage().write(repositories -> {
            repositories.openIdTokens().deleteExpired(now);
            repositories.openIdTokens().create(Secrets.tokenHash(token), requester.userId(),
                    now + LIFETIME_SECONDS * 1000);
            return null;
        });
        return ApiResponse.ok(JsonObject.builder()
                .put("access_token", token)
                .put("token_type", "Bearer")
                .put("matrix_server_name", context.serverName().value())
                .put("expires_in", LIFETIME_SECONDS)
                .build());
    }

    /** Token in the query only (no Authorization header, no X-Matrix), as the federation API defines it. */
    private ApiResponse userInfo(ApiRequest request) {
        String token = request.query("access_token").filter(t -> !t.isEmpty())
                .orElseThrow(() -> new MatrixException(401, ErrorCode.UNKNOWN_TOKEN,
                        "Access Token required"));
        UserId user = context.storage().read(repositories ->
                repositories.openIdTokens().find(Secrets.tokenHash(token), context.now()))
                .orElseThrow(() -> new MatrixException(401, ErrorCode.UNKNOWN_TOKEN,
                        "Access Token unknown or expired"));
        return ApiResponse.ok(JsonObject.builder().put("sub", user.toString()).build());
    }
}
