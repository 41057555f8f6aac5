package dev.myelin.homeserver.client;

import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import java.net.URI;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where clients find this server and its MatrixRTC transport: {@code .well-known} and {@code rtc/transports}. Without
 * a configured LiveKit service, {@code rtc/transports} is 404 (js-sdk caches that and falls back), never
 * {@code 200 {}}, which it would cache as "no transports".
 */
public final class DiscoveryRtcEndpoints {
    private final ClientContext context;
    private final Supplier<URI> listenerBaseUri;

    public DiscoveryRtcEndpoints(ClientContext context, Supplier<URI> listenerBaseUri) {
        this.context = context;
        this.listenerBaseUri = listenerBaseUri;
    }

    public void register(Router router) {
        router.add("GET", "/.well-known/matrix/client", this::wellKnownClient);
        router.add("GET", "/.well-known/matrix/server", this::wellKnownServer);
        router.add("GET", "/_matrix/client/unstable/org.matrix.msc4143/rtc/transports", this::transports);
        router.add("GET", "/_matrix/client/v1/rtc/transports", this::transports);
    }

    private URI baseUrl() {
        return context.config().publicBaseUrl().orElseGet(listenerBaseUri);
    }

    private JsonArray livekitTransports() {
        List<JsonValue> transports = context.config().effectiveLivekitServiceUrl(baseUrl())
                .<List<JsonValue>>map(url -> List.of(JsonObject.builder().put("type", "livekit")
                        .put("livekit_service_url", url.toString()).build()))
                .orElse(List.of());
        return new JsonArray(transports);
    }

    private ApiResponse wellKnownClient(ApiRequest request) {
        var body = JsonObject.builder().put("m.homeserver", JsonObject.builder()
                .put("base_url", baseUrl().toString()).build());
        if (context.config().effectiveLivekitServiceUrl(baseUrl()).isPresent()) {
            body.put("org.matrix.msc4143.rtc_foci", livekitTransports());
        }
        return ApiResponse.ok(body.build());
    }

    private ApiResponse wellKnownServer(ApiRequest request) {
        URI base = baseUrl();
        int port = base.getPort() > 0 ? base.getPort() : base.getScheme().equals("https") ? 443 : 80;
        return ApiResponse.ok(JsonObject.builder().put("m.server", base.getHost() + ":" + port).build());
    }

    private ApiResponse transports(ApiRequest request) {
        context.authenticator().authenticate(request);
        if (context.config().effectiveLivekitServiceUrl(baseUrl()).isEmpty()) {
            throw MatrixException.unrecognized(404, "No RTC transports are configured");
        }
        return ApiResponse.ok(JsonObject.builder().put("rtc_transports", livekitTransports()).build());
    }
}
