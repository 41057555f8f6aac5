package dev.myelin.homeserver.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
class DiscoveryTest {
    private final TestClient client;

    DiscoveryTest(TestClient client) {
        this.client = client;
    }

    @Test
    void versions_listsV1SpecVersionsWithoutAuthentication() {
        var response = client.get("/_matrix/client/versions");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().array("versions").elements()).contains(new JsonString("v1.1"),
                new JsonString("v1.13"));
        // Only what works: delayed events (MSC4140), sticky events (MSC4354).
        assertThat(response.json().object("unstable_features").members().keySet())
                .containsExactlyInAnyOrder("org.matrix.msc4140", "org.matrix.msc4354");
        assertThat(response.json().object("unstable_features").bool("org.matrix.msc4140")).isTrue();
    }

    @Test
    void capabilities_needATokenAndOfferRoomVersions10And11() {
        var anonymous = client.get("/_matrix/client/v3/capabilities");
        var alice = client.register("alice", "pw");

        var response = alice.client().get("/_matrix/client/v3/capabilities");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(response.status()).isEqualTo(200);
        var roomVersions = response.json().object("capabilities").object("m.room_versions");
        assertThat(roomVersions.string("default")).isEqualTo("10");
        assertThat(roomVersions.object("available").members()).containsOnlyKeys("10", "11");
    }
}
