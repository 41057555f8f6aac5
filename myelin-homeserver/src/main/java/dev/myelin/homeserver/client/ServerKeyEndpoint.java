package dev.myelin.homeserver.client;

import dev.myelin.homeserver.events.ServerSigningKey;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;

/** {@code GET /_matrix/key/v2/server}: the server's verify key, self-signed, valid for a day. */
public final class ServerKeyEndpoint {
    static final long VALIDITY_MILLIS = 24 * 60 * 60 * 1000L;

    private final ClientContext context;
    private final ServerSigningKey key;

    public ServerKeyEndpoint(ClientContext context, ServerSigningKey key) {
        this.context = context;
        this.key = key;
    }

    public void register(Router router) {
        router.add("GET", "/_matrix/key/v2/server", this::keys);
    }

    private ApiResponse keys(ApiRequest request) {
        String server = context.serverName().value();
        JsonObject unsigned = JsonObject.builder()
                .put("old_verify_keys", JsonObject.EMPTY)
                .put("server_name", server)
                .put("valid_until_ts", context.now() + VALIDITY_MILLIS)
                .put("verify_keys", JsonObject.builder().put(key.keyId(),
                        JsonObject.builder().put("key", key.publicKeyBase64()).build()).build())
                .build();
        String signature = key.sign(Json.canonicalBytes(unsigned));
        return ApiResponse.ok(unsigned.with("signatures", JsonObject.builder()
                .put(server, JsonObject.builder().put(key.keyId(), signature).build()).build()));
    }
}
