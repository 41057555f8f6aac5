package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.AuthService;
import dev.myelin.authservice.AuthServiceConfig;
import dev.myelin.authservice.BindAddress;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.ServerName;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone authorization service checks an OpenID token against the real homeserver over the federation
 * userinfo endpoint (server name with an explicit loopback port, plain HTTP allowed to loopback as documented).
 */
class StandaloneAuthServiceOpenIdTest {
    @TempDir
    Path data;

    @Test
    void standaloneService_validatesARealHomeserversOpenIdTokenOverFederation() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String serverName = "127.0.0.1:" + port;
        var auth = new AuthServiceConfig("ws://127.0.0.1:7880", "devkey",
                SecretBytes.copyOf("secret".getBytes(StandardCharsets.UTF_8)), List.of(),
                new BindAddress("127.0.0.1", 0), false, true, Duration.ZERO, Map.of());
        try (var homeserver = Homeserver.start(HomeserverConfig.builder(ServerName.of(serverName), data)
                .listen(new InetSocketAddress("127.0.0.1", port)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build());
                var service = AuthService.start(auth)) {
            var client = new TestClient(homeserver.baseUri());
            var alice = client.register("alice", "pw");
            JsonObject openId = alice.client().post("/_matrix/client/v3/user/" + alice.userId()
                    + "/openid/request_token", JsonObject.EMPTY).json();
            var authClient = new TestClient(URI.create("http://127.0.0.1:" + service.port()));
            JsonObject request = Json.parseObject("""
                    {"room_id":"!room:%s","slot_id":"m.call#ROOM",
                     "member":{"id":"m1","claimed_user_id":"%s","claimed_device_id":"DEV"}}"""
                    .formatted(serverName, alice.userId())).with("openid_token", openId);
            JsonObject forged = request.with("openid_token", openId.with("access_token",
                    dev.myelin.json.JsonValue.of("forged")));

            var granted = authClient.post("/get_token", request);
            var refused = authClient.post("/get_token", forged);

            assertThat(granted.status()).isEqualTo(200);
            assertThat(granted.json().string("jwt")).contains(".");
            assertThat(refused.status()).isEqualTo(401);
        }
    }
}
