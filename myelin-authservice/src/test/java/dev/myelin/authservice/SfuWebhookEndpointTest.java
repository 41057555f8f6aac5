package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@code /sfu_webhook}: always an empty 200; only webhooks LiveKit really signed reach a delegation. */
class SfuWebhookEndpointTest {
    private static final String JOINED_BODY_TEMPLATE =
            "{\"event\":\"participant_joined\",\"room\":{\"name\":\"%s\"},\"participant\":{\"identity\":\"%s\"}}";

    private static Fixture watching() {
        var fixture = Fixture.fullAccess().withClientApi();
        fixture.homeserver.accept("good", fixture.alice());
        assertThat(fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 60_000))
                .statusCode()).isEqualTo(200);
        return fixture;
    }

    private static String joined(Fixture fixture) {
        return JOINED_BODY_TEMPLATE.formatted(fixture.aliceKey().room(), fixture.aliceKey().identity());
    }

    @Test
    void signedWebhook_answersEmpty200WithoutCorsAndReachesTheJob() {
        try (var fixture = watching()) {
            String body = joined(fixture);
            var response = fixture.send(HttpRequest.newBuilder(fixture.uri("/sfu_webhook"))
                    .header("Authorization", FakeSfu.webhookToken(Fixture.KEY, Fixture.SECRET, body, Instant.now()))
                    .POST(HttpRequest.BodyPublishers.ofString(body)));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEmpty();
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));
        }
    }

    @Test
    void forgedOrStaleWebhooks_areAnswered200AndIgnored() {
        try (var fixture = watching()) {
            String body = joined(fixture);
            String good = FakeSfu.webhookToken(Fixture.KEY, Fixture.SECRET, body, Instant.now());
            String[] tokens = {
                null,
                "",
                "Bearer " + good,
                FakeSfu.webhookToken(Fixture.KEY, "wrong-secret", body, Instant.now()),
                FakeSfu.webhookToken("otherkey", Fixture.SECRET, body, Instant.now()),
                FakeSfu.webhookToken(Fixture.KEY, Fixture.SECRET, body + " ", Instant.now()), // checksum mismatch
                FakeSfu.webhookToken(Fixture.KEY, Fixture.SECRET, body, Instant.now().minusSeconds(125)), // expired
                FakeSfu.webhookToken(Fixture.KEY, Fixture.SECRET, body, Instant.now().plusSeconds(125)), // not yet
                "a.b.c",
            };
            for (String token : tokens) {
                assertThat(FakeSfu.post(fixture.uri("/sfu_webhook"), token, body)).isEqualTo(200);
            }
            assertThat(FakeSfu.post(fixture.uri("/sfu_webhook"), good, "{not json")).isEqualTo(200);
            String roomless = "{\"event\":\"participant_joined\",\"participant\":{\"identity\":\"x\"}}";
            assertThat(FakeSfu.post(fixture.uri("/sfu_webhook"),
                    FakeSfu.webhookToken(Fixture.KEY, Fixture.SECRET, roomless, Instant.now()), roomless))
                    .isEqualTo(200);

            // The job is still waiting: a real webhook after all that connects it, and only then is there a restart.
            assertThat(fixture.homeserver.delayedEventCalls()).isEmpty();
            fixture.webhook("participant_joined", fixture.aliceKey(), null);
            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));
        }
    }

    @Test
    void webhookForAnotherParticipant_changesNothing() {
        try (var fixture = watching()) {
            var key = fixture.aliceKey();

            fixture.webhook("participant_joined", new dev.myelin.authservice.delegation.JobKey(key.room(), "someone"),
                    null);
            fixture.webhook("participant_connection_aborted",
                    new dev.myelin.authservice.delegation.JobKey("other-room", key.identity()), null);

            assertThat(fixture.delegations().watching(key)).isTrue();
            assertThat(fixture.homeserver.delayedEventCalls()).isEmpty();
        }
    }

    @Test
    void anyMethod_isAnEmpty200() {
        try (var fixture = Fixture.fullAccess()) {
            var get = fixture.request("GET", "/sfu_webhook");

            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEmpty();
        }
    }
}
