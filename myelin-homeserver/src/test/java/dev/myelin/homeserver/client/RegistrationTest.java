package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(HomeserverExtension.class)
class RegistrationTest {
    private static final String REGISTER = "/_matrix/client/v3/register";
    private final TestClient client;

    RegistrationTest(TestClient client) {
        this.client = client;
    }

    @Test
    void firstCall_answers401WithTheDummyFlowAndASession() {
        var response = client.post(REGISTER, JsonObject.builder().put("username", "ann").put("password", "pw").build());

        assertThat(response.status()).isEqualTo(401);
        var body = response.json();
        assertThat(body.has("errcode")).isFalse();
        assertThat(body.string("session")).isNotBlank();
        assertThat(body.object("params").size()).isZero();
        assertThat(body.array("flows").toString()).isEqualTo("[{\"stages\":[\"m.login.dummy\"]}]");
    }

    @Test
    void retryWithDummyAuth_registersAndLogsIn() {
        var alice = client.register("alice", "correct horse");

        assertThat(alice.userId()).isEqualTo("@alice:test.myelin");
        assertThat(alice.deviceId()).matches("[A-Z]{10}");
        var whoami = alice.client().get("/_matrix/client/v3/account/whoami");
        assertThat(whoami.status()).isEqualTo(200);
        assertThat(whoami.json().string("user_id")).isEqualTo("@alice:test.myelin");
        assertThat(whoami.json().string("device_id")).isEqualTo(alice.deviceId());
    }

    @Test
    void takenUsername_isUserInUse_evenBeforeAuth() {
        client.register("bob", "pw");

        var response = client.post(REGISTER, JsonObject.builder().put("username", "bob").put("password", "x").build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_USER_IN_USE");
    }

    @Test
    void usernameWithForbiddenCharacters_isInvalidUsername() {
        var response = client.post(REGISTER, JsonObject.builder().put("username", "no spaces!").build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_INVALID_USERNAME");
    }

    @Test
    void upperCaseUsername_isRegisteredLowerCased() {
        var carol = client.register("Carol", "pw");

        assertThat(carol.userId()).isEqualTo("@carol:test.myelin");
    }

    @Test
    void unknownSession_isRejectedAndCreatesNoAccount() {
        var response = client.post(REGISTER, JsonObject.builder().put("username", "dave").put("password", "pw")
                .put("auth", JsonObject.builder().put("type", "m.login.dummy").put("session", "nope").build())
                .build());
        var available = client.get("/_matrix/client/v3/register/available?username=dave");

        assertThat(response.status()).isEqualTo(400);
        assertThat(available.status()).isEqualTo(200);
        assertThat(available.json().bool("available")).isTrue();
    }

    @Test
    void sessionCanBeUsedOnlyOnce() {
        String session = client.post(REGISTER, JsonObject.EMPTY).json().string("session");
        var auth = JsonObject.builder().put("type", "m.login.dummy").put("session", session).build();

        var first = client.post(REGISTER, JsonObject.builder().put("username", "erin").put("auth", auth).build());
        var second = client.post(REGISTER, JsonObject.builder().put("username", "erin2").put("auth", auth).build());

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(400);
    }

    @Test
    void inhibitLogin_returnsOnlyTheUserId() {
        var response = client.post(REGISTER, JsonObject.builder().put("username", "frank").put("inhibit_login", true)
                .put("auth", JsonObject.builder().put("type", "m.login.dummy").build()).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().members().keySet()).containsExactly("user_id");
    }

    @Test
    void withoutUsername_aRandomLocalpartIsMinted() {
        var response = client.post(REGISTER, JsonObject.builder()
                .put("auth", JsonObject.builder().put("type", "m.login.dummy").build()).build());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().string("user_id")).matches("@u[a-z0-9]{15}:test\\.myelin");
    }

    @Test
    void guestKind_isForbidden() {
        var response = client.post(REGISTER + "?kind=guest", JsonObject.EMPTY);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errcode()).isEqualTo("M_GUEST_ACCESS_FORBIDDEN");
    }

    @Test
    void registrationDisabled_isForbidden(@TempDir Path data) {
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).registrationEnabled(false).build();
        try (var closed = Homeserver.start(config)) {
            var response = new TestClient(closed.baseUri()).post(REGISTER,
                    JsonObject.builder().put("username", "x").build());

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
        }
    }

    @Test
    void registrationDefault_isOpenOnlyOnLoopback() {
        assertThat(HomeserverConfig.defaultRegistration(new InetSocketAddress("127.0.0.1", 8008))).isTrue();
        assertThat(HomeserverConfig.defaultRegistration(new InetSocketAddress("::1", 8008))).isTrue();
        assertThat(HomeserverConfig.defaultRegistration(new InetSocketAddress("0.0.0.0", 8008))).isFalse();
    }
}
