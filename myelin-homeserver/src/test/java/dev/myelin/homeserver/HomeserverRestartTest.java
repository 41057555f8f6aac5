package dev.myelin.homeserver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.ServerName;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing authoritative lives only in memory: accounts and tokens outlive the process. */
class HomeserverRestartTest {
    @TempDir
    Path data;

    private Homeserver start() {
        return Homeserver.start(HomeserverConfig.builder(ServerName.of("restart.test"), data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED).build());
    }

    @Test
    void accountsAndTokens_surviveARestartOnTheSameDataDirectory() {
        TestClient.LoggedIn alice;
        try (var first = start()) {
            alice = new TestClient(first.baseUri()).register("alice", "pw");
        }

        try (var second = start()) {
            var client = new TestClient(second.baseUri());
            var whoami = client.withToken(alice.accessToken()).get("/_matrix/client/v3/account/whoami");
            var login = client.post("/_matrix/client/v3/login", JsonObject.builder().put("type", "m.login.password")
                    .put("user", "alice").put("password", "pw").build());

            assertThat(whoami.status()).isEqualTo(200);
            assertThat(whoami.json().string("user_id")).isEqualTo("@alice:restart.test");
            assertThat(login.status()).isEqualTo(200);
        }
    }

    @Test
    void portZero_bindsAFreePortAndReportsIt() {
        try (var server = start()) {
            assertThat(server.port()).isPositive();
            assertThat(server.baseUri().toString()).isEqualTo("http://127.0.0.1:" + server.port());
        }
    }
}
