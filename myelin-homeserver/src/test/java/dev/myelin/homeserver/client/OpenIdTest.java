package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenIdTest {
    private static final String REQUEST = "/_matrix/client/v3/user/%40alice%3Atest.myelin/openid/request_token";
    private static final String USERINFO = "/_matrix/federation/v1/openid/userinfo?access_token=";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;

    OpenIdTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void users() {
        alice = anonymous.register("alice", "pw");
    }

    @Test
    void requestToken_returnsABearerTokenThatUserinfoResolvesToTheUser() {
        var token = alice.client().post(REQUEST, JsonObject.EMPTY);

        assertThat(token.status()).isEqualTo(200);
        assertThat(token.json().string("token_type")).isEqualTo("Bearer");
        assertThat(token.json().string("matrix_server_name")).isEqualTo("test.myelin");
        assertThat(token.json().integer("expires_in")).isEqualTo(3600);
        var userinfo = anonymous.get(USERINFO + token.json().string("access_token"));
        assertThat(userinfo.status()).isEqualTo(200);
        assertThat(userinfo.json()).isEqualTo(JsonObject.builder().put("sub", "@alice:test.myelin").build());
    }

    @Test
    void manyTokensPerUser_stayValidTogether() {
        String first = alice.client().post(REQUEST, JsonObject.EMPTY).json().string("access_token");
        String second = alice.client().post(REQUEST, JsonObject.EMPTY).json().string("access_token");

        assertThat(anonymous.get(USERINFO + first).status()).isEqualTo(200);
        assertThat(anonymous.get(USERINFO + second).status()).isEqualTo(200);
    }

    @Test
    void unknownOrMissingToken_is401UnknownToken_andAccessTokensAreNotOpenIdTokens() {
        var unknown = anonymous.get(USERINFO + "nope");
        var missing = anonymous.get("/_matrix/federation/v1/openid/userinfo");
        var accessToken = anonymous.get(USERINFO + alice.accessToken());

        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(missing.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(accessToken.status()).isEqualTo(401);
    }

    @Test
    void requestingForAnotherUser_isForbidden() {
        var response = alice.client().post("/_matrix/client/v3/user/%40bob%3Atest.myelin/openid/request_token",
                JsonObject.EMPTY);

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void token_expiresAfterAnHour(@TempDir Path data) {
        var now = new AtomicLong(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
        InstantSource clock = () -> Instant.ofEpochMilli(now.get());
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).clock(clock).build();
        try (var server = Homeserver.start(config)) {
            var client = new TestClient(server.baseUri());
            var carol = client.register("alice", "pw");
            String token = carol.client().post(REQUEST, JsonObject.EMPTY).json().string("access_token");

            now.addAndGet(3_599_000);
            int beforeExpiry = client.get(USERINFO + token).status();
            now.addAndGet(2_000);
            int afterExpiry = client.get(USERINFO + token).status();

            assertThat(beforeExpiry).isEqualTo(200);
            assertThat(afterExpiry).isEqualTo(401);
        }
    }
}
