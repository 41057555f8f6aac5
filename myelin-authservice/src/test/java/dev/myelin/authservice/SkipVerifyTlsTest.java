package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Upstream's skip_verify_tls suite through the whole service: only the exact phrase trusts a self-signed server. */
class SkipVerifyTlsTest {
    @TempDir
    static Path dir;
    private static LoopbackTls homeserver;

    @BeforeAll
    static void start() throws Exception {
        homeserver = LoopbackTls.userinfoServer(dir, "@alice:127.0.0.1:%d");
    }

    @AfterAll
    static void stop() {
        homeserver.close();
    }

    @ParameterizedTest
    @CsvSource({"YES_I_KNOW_WHAT_I_AM_DOING, 200", "true, 401", "'', 401"})
    void selfSignedHomeserver_isTrustedOnlyWithTheExactPhrase(String value, int expectedStatus) throws Exception {
        Map<String, String> env = new HashMap<>(Map.of("LIVEKIT_URL", "ws://127.0.0.1:1", "LIVEKIT_KEY", "devkey",
                "LIVEKIT_SECRET", "secret", "LIVEKIT_FULL_ACCESS_HOMESERVERS", "other.example",
                "LIVEKIT_JWT_BIND", "127.0.0.1:0", "LIVEKIT_INSECURE_SKIP_VERIFY_TLS", value));
        AuthServiceConfig config = EnvironmentConfig.fromEnvironment(env);
        int lookupsBefore = homeserver.requests();
        try (var service = AuthService.start(config, OpenIdValidator.overFederation(config), InstantSource.system())) {
            String body = """
                    {"room_id":"!r:x","slot_id":"m.call#ROOM",
                     "openid_token":{"access_token":"tok","matrix_server_name":"%1$s"},
                     "member":{"id":"m","claimed_user_id":"@alice:%1$s","claimed_device_id":"D"}}"""
                    .formatted(homeserver.serverName());
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + service.port() + "/get_token"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).as(response.body()).isEqualTo(expectedStatus);
            if (expectedStatus == 200) {
                assertThat(Json.parseObject(response.body()).string("url")).isEqualTo("ws://127.0.0.1:1");
                assertThat(homeserver.requests()).isEqualTo(lookupsBefore + 1);
            } else {
                assertThat(homeserver.requests()).as("no lookup reaches an unverified server").isEqualTo(lookupsBefore);
            }
        }
    }
}
