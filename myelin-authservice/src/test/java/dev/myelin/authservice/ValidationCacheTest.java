package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ValidationCacheTest {
    @Test
    void repeatRequestsWithTheSameToken_reachTheHomeserverOnce() {
        try (var fixture = Fixture.restrictedWithCache()) {
            fixture.homeserver.accept("good", fixture.alice());

            for (int i = 0; i < 5; i++) {
                assertThat(fixture.post("/get_token", fixture.getTokenBody("good")).statusCode()).isEqualTo(200);
            }
            assertThat(fixture.post("/sfu/get", fixture.legacyBody("good")).statusCode()).isEqualTo(200);

            assertThat(fixture.homeserver.userinfoRequests()).isEqualTo(1);
        }
    }

    @Test
    void cachedValidation_stillEnforcesTheClaimedUser() {
        try (var fixture = Fixture.restrictedWithCache()) {
            fixture.homeserver.accept("good", fixture.alice());
            assertThat(fixture.post("/get_token", fixture.getTokenBody("good")).statusCode()).isEqualTo(200);

            String impostor = fixture.getTokenBody("good").replace("\"claimed_user_id\":\"" + fixture.alice() + "\"",
                    "\"claimed_user_id\":\"@mallory:" + fixture.homeserver.serverName() + "\"");

            GetTokenEndpointTest.assertUnauthorised(fixture.post("/get_token", impostor));
        }
    }

    @Test
    void rejectedTokens_areAskedAgain() {
        try (var fixture = Fixture.restrictedWithCache()) {
            fixture.post("/get_token", fixture.getTokenBody("late"));
            fixture.homeserver.accept("late", fixture.alice());

            assertThat(fixture.post("/get_token", fixture.getTokenBody("late")).statusCode()).isEqualTo(200);
            assertThat(fixture.homeserver.userinfoRequests()).isEqualTo(2);
        }
    }
}
