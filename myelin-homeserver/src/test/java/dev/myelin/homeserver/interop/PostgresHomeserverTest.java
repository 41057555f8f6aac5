package dev.myelin.homeserver.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole server on PostgreSQL: both matrix-js-sdk scenarios, E2EE included, as on SQLite. */
class PostgresHomeserverTest {
    @TempDir
    Path data;

    @Test
    void jsSdkScenarios_passWithPostgresqlStorage() throws Exception {
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED)
                .database(PostgresCluster.shared().newDatabase()).build();
        try (var server = Homeserver.start(config)) {
            List<JsonObject> plain = MatrixJsSdkInteropTest.run("scenario.mjs", server.baseUri());
            List<JsonObject> encrypted = MatrixJsSdkInteropTest.run("e2ee.mjs", server.baseUri());

            assertThat(plain).extracting(s -> s.string("step")).endsWith("callMember", "roomName", "done");
            assertThat(encrypted).extracting(s -> s.string("step")).endsWith("decrypted", "done");
            assertThat(encrypted.get(encrypted.size() - 2).bool("failure")).isFalse();
            // Alice's first sync of the room also carried Bob's join (the case that once went out in plain text).
            assertThat(encrypted.get(3).bool("roomKnownAtJoinEvent")).isFalse();
            assertThat(encrypted.get(3).bool("cryptoEnabled")).isTrue();
        }
        assertThat(data.resolve("homeserver.db")).doesNotExist();
    }
}
