package dev.myelin.homeserver.client;

import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.List;

/**
 * {@code /versions} and {@code /capabilities}. Only features that work are advertised: js-sdk switches behaviour on
 * {@code unstable_features} (delayed events, sticky events), so a flag appears here with its implementation.
 */
final class DiscoveryEndpoints {
    static final List<String> SPEC_VERSIONS = List.of("r0.0.1", "r0.1.0", "r0.2.0", "r0.3.0", "r0.4.0", "r0.5.0",
            "r0.6.0", "r0.6.1", "v1.1", "v1.2", "v1.3", "v1.4", "v1.5", "v1.6", "v1.7", "v1.8", "v1.9", "v1.10",
            "v1.11", "v1.12", "v1.13");

    private final ClientContext context;

    DiscoveryEndpoints(ClientContext context) {
        this.context = context;
    }

    void register(Router router) {
        // Called without a token too (js-sdk's sync keep-alive), so no authentication here.
        router.add("GET", "/_matrix/client/versions", this::versions);
        router.client("GET", "/capabilities", this::capabilities);
    }

    private ApiResponse versions(ApiRequest request) {
        return ApiResponse.ok(JsonObject.builder()
                .put("versions", JsonValue.ofStrings(SPEC_VERSIONS))
                .put("unstable_features", JsonObject.builder().put("org.matrix.msc4140", true)
                        .put("org.matrix.msc4354", true).build())
                .build());
    }

    private ApiResponse capabilities(ApiRequest request) {
        context.authenticator().authenticate(request);
        JsonObject disabled = JsonObject.builder().put("enabled", false).build();
        JsonObject enabled = JsonObject.builder().put("enabled", true).build();
        JsonObject roomVersions = JsonObject.builder()
                .put("default", "10")
                .put("available", JsonObject.builder().put("10", "stable").put("11", "stable").build())
                .build();
        return ApiResponse.ok(JsonObject.builder()
                .put("capabilities", JsonObject.builder()
                        .put("m.change_password", disabled)
                        .put("m.set_displayname", enabled)
                        .put("m.set_avatar_url", enabled)
                        .put("m.3pid_changes", disabled)
                        .put("m.room_versions", roomVersions)
                        .put("org.matrix.msc4140.delayed_events", JsonObject.builder()
                                .put("max_delay_ms", context.config().delayedEvents().maxDelayMs())
                                .put("max_scheduled", context.config().delayedEvents().maxPerUser()).build())
                        .build())
                .build());
    }
}
