package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deprecated in-request delegation parameters of the token endpoints, served as upstream HEAD. */
class DelayParametersTest {
    private static String withDelay(Fixture fixture) {
        return fixture.getTokenBody("good").replaceFirst("\\{",
                "{\"delay_id\":\"syd_1\",\"delay_timeout\":8000,\"delay_cs_api_url\":\"https://ignored\",");
    }

    @Test
    void fullAccessWithResolvableClientApi_getsTokenAndRoomAndAWatcher() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/get_token", withDelay(fixture));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(fixture.sfu.calls()).hasSize(1);
            assertThat(fixture.delegations().watching(fixture.aliceKey())).isTrue();
            fixture.webhook("participant_joined", fixture.aliceKey(), null);
            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));
        }
    }

    @Test
    void legacyRequestWithDelay_watchesThePlainLegacyIdentity() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            String body = fixture.legacyBody("good").replaceFirst("\\{", "{\"delay_id\":\"syd_2\",\"delay_timeout\":8000,");

            var response = fixture.post("/sfu/get", body);

            assertThat(response.statusCode()).isEqualTo(200);
            var key = new dev.myelin.authservice.delegation.JobKey(
                    dev.myelin.authservice.livekit.LiveKitNames.roomName("!room:example.com", "m.call#ROOM"),
                    fixture.alice() + ":DEVICE");
            assertThat(fixture.delegations().watching(key)).isTrue();
        }
    }

    @Test
    void roomCreationFailing_registersNoWatcher() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.sfu.failWith(503);

            var response = fixture.post("/get_token", withDelay(fixture));

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(fixture.delegations().size()).isZero();
        }
    }

    @Test
    void fullAccessWithUnresolvableClientApi_isBadJsonBeforeRoomCreation() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/get_token", withDelay(fixture));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":\"Unable to resolve client-server API\"}\n");
            assertThat(fixture.sfu.calls()).isEmpty();
        }
    }

    @Test
    void restrictedUserWithDelay_isBadJson() {
        try (var fixture = Fixture.restricted()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/get_token", withDelay(fixture));

            assertThat(response.body()).isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":"
                    + "\"Delegation of delayed events is only supported for full access users\"}\n");
        }
    }
}
