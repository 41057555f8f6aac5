package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(HomeserverExtension.class)
class DiscoveryRtcTest {
    private static final String TRANSPORTS = "/_matrix/client/unstable/org.matrix.msc4143/rtc/transports";

    @Test
    void withoutLivekit_wellKnownNamesTheListener_andTransportsAre404(Homeserver homeserver, TestClient client) {
        var alice = client.register("alice", "pw");

        var wellKnown = client.get("/.well-known/matrix/client");
        var transports = alice.client().get(TRANSPORTS);

        assertThat(wellKnown.json().object("m.homeserver").string("base_url"))
                .isEqualTo(homeserver.baseUri().toString());
        assertThat(wellKnown.json().has("org.matrix.msc4143.rtc_foci")).isFalse();
        assertThat(wellKnown.header("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(transports.status()).isEqualTo(404);
        assertThat(transports.errcode()).isEqualTo("M_UNRECOGNIZED");
    }

    @Test
    void withLivekit_transportsAndWellKnownPointAtTheAuthorizationService(@TempDir Path data) {
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED)
                .publicBaseUrl(URI.create("https://matrix.example.org"))
                .livekitServiceUrl(URI.create("https://matrix.example.org/livekit/jwt")).build();
        try (var server = Homeserver.start(config)) {
            var client = new TestClient(server.baseUri());
            var alice = client.register("alice", "pw");

            var unstable = alice.client().get(TRANSPORTS).json();
            var stable = alice.client().get("/_matrix/client/v1/rtc/transports").json();
            var wellKnown = client.get("/.well-known/matrix/client").json();
            var server2 = client.get("/.well-known/matrix/server").json();
            var anonymous = client.get(TRANSPORTS);

            var transport = unstable.array("rtc_transports").objects().getFirst();
            assertThat(transport.string("type")).isEqualTo("livekit");
            assertThat(transport.string("livekit_service_url")).isEqualTo("https://matrix.example.org/livekit/jwt");
            assertThat(stable).isEqualTo(unstable);
            assertThat(wellKnown.object("m.homeserver").string("base_url")).isEqualTo("https://matrix.example.org");
            assertThat(wellKnown.array("org.matrix.msc4143.rtc_foci").objects()).containsExactly(transport);
            assertThat(server2.string("m.server")).isEqualTo("matrix.example.org:443");
            assertThat(anonymous.status()).isEqualTo(401);
        }
    }
}
