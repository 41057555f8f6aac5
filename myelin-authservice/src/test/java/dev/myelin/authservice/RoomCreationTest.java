package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.authservice.livekit.LiveKitNames;
import org.junit.jupiter.api.Test;

class RoomCreationTest {
    @Test
    void sfuRefusingCreateRoom_failsWith500AndNoToken() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.sfu.failWith(503);

            var response = fixture.post("/get_token", fixture.getTokenBody("good"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body())
                    .isEqualTo("{\"errcode\":\"M_UNKNOWN\",\"error\":\"Unable to create room on SFU\"}\n");
        }
    }

    @Test
    void unreachableSfu_failsWith500() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.sfu.close();

            var response = fixture.post("/get_token", fixture.getTokenBody("good"));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).contains("Unable to create room on SFU");
        }
    }

    @Test
    void claimedUserMismatch_neverCreatesARoom() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("bob", "@bob:" + fixture.homeserver.serverName());

            var response = fixture.post("/get_token", fixture.getTokenBody("bob"));

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(fixture.sfu.calls()).isEmpty();
        }
    }

    @Test
    void restrictedUser_neverCreatesARoom() {
        try (var fixture = Fixture.restricted()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/get_token", fixture.getTokenBody("good"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(fixture.sfu.calls()).isEmpty();
        }
    }

    @Test
    void fullAccessLegacyRequest_createsTheLegacySlotRoom() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/sfu/get", fixture.legacyBody("good"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(fixture.sfu.calls()).hasSize(1);
            assertThat(new String(fixture.sfu.calls().getFirst().body(), java.nio.charset.StandardCharsets.UTF_8))
                    .contains(LiveKitNames.roomName("!room:example.com", "m.call#ROOM"));
        }
    }
}
