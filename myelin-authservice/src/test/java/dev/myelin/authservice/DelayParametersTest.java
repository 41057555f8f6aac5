package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The deprecated in-request delegation parameters: checked as upstream HEAD, the delegation itself not served yet. */
class DelayParametersTest {
    private static String withDelay(Fixture fixture) {
        return fixture.getTokenBody("good").replaceFirst("\\{",
                "{\"delay_id\":\"syd_1\",\"delay_timeout\":8000,\"delay_cs_api_url\":\"https://ignored\",");
    }

    @Test
    void fullAccessWithResolvableClientApi_getsTokenAndRoom() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.homeserver.clientWellKnown("{\"m.homeserver\":{\"base_url\":\"https://hs.example\"}}");

            var response = fixture.post("/get_token", withDelay(fixture));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(fixture.sfu.calls()).hasSize(1);
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
