package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginTest {
    private static final String LOGIN = "/_matrix/client/v3/login";
    private static final String WHOAMI = "/_matrix/client/v3/account/whoami";
    private final TestClient client;

    LoginTest(TestClient client) {
        this.client = client;
    }

    @BeforeAll
    void registerAlice() {
        client.register("alice", "s3cret");
    }

    private static JsonObject passwordLogin(String user, String password) {
        return JsonObject.builder().put("type", "m.login.password")
                .put("identifier", JsonObject.builder().put("type", "m.id.user").put("user", user).build())
                .put("password", password).build();
    }

    @Test
    void getLogin_offersThePasswordFlow() {
        var response = client.get(LOGIN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().array("flows").toString()).contains("\"m.login.password\"");
    }

    @Test
    void passwordLoginByLocalpartOrFullId_returnsANewDeviceAndToken() {
        var byLocalpart = client.post(LOGIN, passwordLogin("alice", "s3cret"));
        var byFullId = client.post(LOGIN, passwordLogin("@alice:test.myelin", "s3cret"));

        assertThat(byLocalpart.status()).isEqualTo(200);
        assertThat(byFullId.status()).isEqualTo(200);
        assertThat(byLocalpart.json().string("user_id")).isEqualTo("@alice:test.myelin");
        assertThat(byLocalpart.json().string("device_id")).isNotEqualTo(byFullId.json().string("device_id"));
        assertThat(byLocalpart.json().string("access_token")).isNotEqualTo(byFullId.json().string("access_token"));
    }

    @Test
    void deprecatedTopLevelUser_isAccepted() {
        var response = client.post(LOGIN, JsonObject.builder().put("type", "m.login.password").put("user", "alice")
                .put("password", "s3cret").build());

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void requestedDeviceId_isUsedAndReusable() {
        var body = passwordLogin("alice", "s3cret").with("device_id", dev.myelin.json.JsonValue.of("MYDEVICE"));

        var first = client.post(LOGIN, body);
        var second = client.post(LOGIN, body);

        assertThat(first.json().string("device_id")).isEqualTo("MYDEVICE");
        assertThat(second.json().string("device_id")).isEqualTo("MYDEVICE");
        var whoami = client.withToken(second.json().string("access_token")).get(WHOAMI);
        assertThat(whoami.json().string("device_id")).isEqualTo("MYDEVICE");
    }

    @Test
    void wrongPasswordOrUnknownUser_isForbiddenAlike() {
        var wrongPassword = client.post(LOGIN, passwordLogin("alice", "nope"));
        var unknownUser = client.post(LOGIN, passwordLogin("nobody", "nope"));
        var otherServer = client.post(LOGIN, passwordLogin("@alice:elsewhere.org", "s3cret"));

        for (var response : List.of(wrongPassword, unknownUser, otherServer)) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.errcode()).isEqualTo("M_FORBIDDEN");
            assertThat(response.json().string("error")).isEqualTo("Invalid username or password");
        }
    }

    @Test
    void unknownLoginType_isRejected() {
        var response = client.post(LOGIN, JsonObject.builder().put("type", "m.login.token").put("token", "x").build());

        assertThat(response.status()).isEqualTo(400);
    }

    @Test
    void whoami_acceptsTheTokenInHeaderOrQuery() {
        String token = client.post(LOGIN, passwordLogin("alice", "s3cret")).json().string("access_token");

        var viaHeader = client.withToken(token).get(WHOAMI);
        var viaQuery = client.get(WHOAMI + "?access_token=" + token);

        assertThat(viaHeader.status()).isEqualTo(200);
        assertThat(viaQuery.status()).isEqualTo(200);
        assertThat(viaQuery.json().string("user_id")).isEqualTo("@alice:test.myelin");
        assertThat(viaQuery.json().bool("is_guest")).isFalse();
    }

    @Test
    void missingToken_is401MissingToken() {
        var response = client.get(WHOAMI);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errcode()).isEqualTo("M_MISSING_TOKEN");
    }

    @Test
    void unknownToken_is401UnknownTokenWithoutSoftLogout() {
        var response = client.withToken("myl_forged").get(WHOAMI);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(response.json().bool("soft_logout")).isFalse();
    }

    @Test
    void tokenInHeaderAndQueryAtOnce_isRefused() {
        String token = client.post(LOGIN, passwordLogin("alice", "s3cret")).json().string("access_token");

        var response = client.withToken(token).get(WHOAMI + "?access_token=" + token);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_MISSING_TOKEN");
    }

    @Test
    void logout_invalidatesOnlyThatDevicesToken() {
        var first = client.loggedIn(client.post(LOGIN, passwordLogin("alice", "s3cret")).json());
        var second = client.loggedIn(client.post(LOGIN, passwordLogin("alice", "s3cret")).json());

        var logout = first.client().send("POST", "/_matrix/client/v3/logout", null);

        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.json().size()).isZero();
        assertThat(first.client().get(WHOAMI).errcode()).isEqualTo("M_UNKNOWN_TOKEN");
        assertThat(second.client().get(WHOAMI).status()).isEqualTo(200);
    }

    @Test
    void logoutAll_invalidatesEveryDevice() {
        var bob = client.register("bob", "pw");
        var bobElsewhere = client.loggedIn(client.post(LOGIN, passwordLogin("bob", "pw")).json());

        var response = bob.client().post("/_matrix/client/v3/logout/all", JsonObject.EMPTY);

        assertThat(response.status()).isEqualTo(200);
        assertThat(bob.client().get(WHOAMI).status()).isEqualTo(401);
        assertThat(bobElsewhere.client().get(WHOAMI).status()).isEqualTo(401);
    }
}
