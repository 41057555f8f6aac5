package dev.myelin.authservice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /delegate_delayed_leave} over real sockets, with the fake homeserver and SFU. */
class DelegateDelayedLeaveTest {
    private static final String CORS_HEADERS = "Accept, Content-Type, Content-Length, Accept-Encoding, X-CSRF-Token";

    @Test
    void validRequest_answersEmptyObjectWithCorsAndNoTokenOrRoom() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{}\n");
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            assertThat(response.headers().firstValue("Access-Control-Allow-Headers")).hasValue(CORS_HEADERS);
            assertThat(fixture.sfu.calls()).isEmpty();
            assertThat(fixture.delegations().watching(fixture.aliceKey())).isTrue();
            assertThat(fixture.homeserver.delayedEventCalls()).isEmpty();
        }
    }

    @Test
    void joinedThenLeft_restartsThenSendsTheLeaveAndForgetsTheJob() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            assertThat(fixture.webhook("participant_joined", fixture.aliceKey(), null)).isEqualTo(200);
            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));
            fixture.webhook("participant_left", fixture.aliceKey(), "CLIENT_INITIATED");
            Fixture.await("send", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 send"));
            Fixture.await("job removed", () -> !fixture.delegations().watching(fixture.aliceKey()));

            assertThat(fixture.homeserver.delayedEventCalls()).containsExactly("syd_1 restart", "syd_1 send");
        }
    }

    @Test
    void participantAlreadyOnTheSfu_isFoundByPollingWithoutAWebhook() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            var key = fixture.aliceKey();
            fixture.sfu.setPresent(key.room(), key.identity());

            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));
            var lookup = fixture.sfu.getParticipantCalls().getFirst();
            assertThat(lookup.contentType()).isEqualTo("application/protobuf");
            assertThat(Jwts.payload(lookup.authorization().substring("Bearer ".length())).object("video").toString())
                    .contains("\"roomAdmin\":true").contains(key.room());
        }
    }

    @Test
    void neverConnecting_sendsTheLeaveWhenTheDelayRunsOut() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());

            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 300));

            Fixture.await("send", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 send"));
            Fixture.await("job removed", () -> !fixture.delegations().watching(fixture.aliceKey()));
            assertThat(fixture.homeserver.delayedEventCalls()).containsExactly("syd_1 send");
        }
    }

    @Test
    void connectionAbortedBeforeConnecting_endsWithoutAnyCall() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            fixture.webhook("participant_connection_aborted", fixture.aliceKey(), "JOIN_FAILURE");

            Fixture.await("job removed", () -> !fixture.delegations().watching(fixture.aliceKey()));
            assertThat(fixture.homeserver.delayedEventCalls()).isEmpty();
        }
    }

    @Test
    void secondDelegation_replacesTheFirst() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_first", 8000));
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_second", 8000));

            fixture.webhook("participant_joined", fixture.aliceKey(), null);
            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_second restart"));
            fixture.webhook("participant_left", fixture.aliceKey(), "CLIENT_INITIATED");
            Fixture.await("send", () -> fixture.homeserver.delayedEventCalls().contains("syd_second send"));

            assertThat(fixture.homeserver.delayedEventCalls()).noneMatch(call -> call.startsWith("syd_first"));
        }
    }

    @Test
    void delayedEventGoneOnRestart_abortsWithoutSending() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.homeserver.answerDelayedEventsWith(404);
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            fixture.webhook("participant_joined", fixture.aliceKey(), null);

            Fixture.await("job removed", () -> !fixture.delegations().watching(fixture.aliceKey()));
            assertThat(fixture.homeserver.delayedEventCalls()).containsExactly("syd_1 restart");
        }
    }

    @Test
    void restrictedUser_isForbidden() {
        try (var fixture = Fixture.restricted().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo("{\"errcode\":\"M_FORBIDDEN\",\"error\":"
                    + "\"Delegation of delayed events is only supported for full access users\"}\n");
            assertThat(fixture.delegations().size()).isZero();
        }
    }

    @Test
    void unresolvableClientApi_isBadJson() {
        try (var fixture = Fixture.fullAccess()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body())
                    .isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":\"Unable to resolve client-server API\"}\n");
        }
    }

    @Test
    void badOpenIdTokenOrClaimedUser_isUnauthorised() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("bob", "@bob:" + fixture.homeserver.serverName());

            var forged = fixture.post("/delegate_delayed_leave", fixture.delegateBody("forged", "syd_1", 8000));
            var mismatch = fixture.post("/delegate_delayed_leave", fixture.delegateBody("bob", "syd_1", 8000));

            assertThat(forged.statusCode()).isEqualTo(401);
            assertThat(mismatch.body())
                    .isEqualTo("{\"errcode\":\"M_UNAUTHORIZED\",\"error\":\"The request could not be authorised.\"}\n");
            assertThat(fixture.delegations().size()).isZero();
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"delay_id\":\"\"}|The request body is missing `room_id` or `slot_id`",
        "{\"room_id\":\"!r\",\"slot_id\":\"s\"}|The request body `member` is missing `id`, `claimed_user_id` or `claimed_device_id`",
        "{\"room_id\":\"!r\",\"slot_id\":\"s\",\"member\":{\"id\":\"m\",\"claimed_user_id\":\"@a:b\",\"claimed_device_id\":\"D\"}}|The request body `openid_token` is missing `access_token` or `matrix_server_name`",
        "{\"room_id\":\"!r\",\"slot_id\":\"s\",\"member\":{\"id\":\"m\",\"claimed_user_id\":\"@a:b\",\"claimed_device_id\":\"D\"},\"openid_token\":{\"access_token\":\"t\",\"matrix_server_name\":\"b\"},\"delay_id\":\"syd\"}|The request body is missing `delay_id` or `delay_timeout`",
        "{\"room_id\":\"!r\",\"slot_id\":\"s\",\"member\":{\"id\":\"m\",\"claimed_user_id\":\"@a:b\",\"claimed_device_id\":\"D\"},\"openid_token\":{\"access_token\":\"t\",\"matrix_server_name\":\"b\"},\"delay_timeout\":5}|The request body is missing `delay_id` or `delay_timeout`",
    })
    void incompleteBody_isBadJsonWithUpstreamsMessageBeforeAnyLookup(String body, String message) {
        try (var fixture = Fixture.fullAccess()) {
            var response = fixture.post("/delegate_delayed_leave", body);

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":\"" + message + "\"}\n");
            assertThat(fixture.homeserver.userinfoRequests()).isZero();
        }
    }

    @Test
    void undecodableBody_isNotJson() {
        try (var fixture = Fixture.fullAccess()) {
            for (String body : new String[] {"{not json", "", "{\"membership\":1}", "[]"}) {
                var response = fixture.post("/delegate_delayed_leave", body);

                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(response.body()).isEqualTo("{\"errcode\":\"M_NOT_JSON\",\"error\":\"Error reading request\"}\n");
            }
        }
    }

    @Test
    void delayThatOverflowsGosDuration_isBadJsonWithUpstreamsJobError() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());

            var response = fixture.post("/delegate_delayed_leave",
                    fixture.delegateBody("good", "syd_1", 9_223_372_036_855L));

            assertThat(response.statusCode()).isEqualTo(400);
            assertThat(response.body()).isEqualTo("{\"errcode\":\"M_BAD_JSON\",\"error\":"
                    + "\"invalid delay timeout for delayed event job: -2562047h47m16.854551616s\"}\n");
        }
    }

    @Test
    void methods_getIsEmpty405AndOptionsIsEmpty200() {
        try (var fixture = Fixture.fullAccess()) {
            var get = fixture.request("GET", "/delegate_delayed_leave");
            var options = fixture.request("OPTIONS", "/delegate_delayed_leave");

            assertThat(get.statusCode()).isEqualTo(405);
            assertThat(get.body()).isEmpty();
            assertThat(get.headers().firstValue("Access-Control-Allow-Methods")).hasValue("POST");
            assertThat(options.statusCode()).isEqualTo(200);
            assertThat(options.body()).isEmpty();
        }
    }

    @Test
    void serviceStopped_refusesNewDelegationsWith503() throws Exception {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.delegations().close();

            var response = fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 8000));

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body())
                    .isEqualTo("{\"errcode\":\"M_UNKNOWN\",\"error\":\"Service is shutting down\"}\n");
        }
    }

    @Test
    void sanityCheck_participantVanishingWithoutAWebhook_sendsTheLeave() {
        try (var fixture = Fixture.fullAccessWithSanityChecks(java.time.Duration.ofSeconds(1)).withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            var key = fixture.aliceKey();
            fixture.sfu.setPresent(key.room(), key.identity());
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 60_000));
            Fixture.await("restart", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 restart"));

            fixture.sfu.setAbsent(key.room(), key.identity()); // the disconnect webhook never comes

            Fixture.await("send", () -> fixture.homeserver.delayedEventCalls().contains("syd_1 send"));
            Fixture.await("job removed", () -> !fixture.delegations().watching(key));
        }
    }

    @Test
    void serviceClosing_stopsEveryWatcherThroughJettysLifecycle() {
        try (var fixture = Fixture.fullAccess().withClientApi()) {
            fixture.homeserver.accept("good", fixture.alice());
            fixture.post("/delegate_delayed_leave", fixture.delegateBody("good", "syd_1", 60_000));
            assertThat(fixture.delegations().size()).isEqualTo(1);

            fixture.service.close();

            assertThat(fixture.delegations().size()).isZero();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> fixture.delegations().register(
                    dev.myelin.authservice.delegation.JobParams.of("hs", "syd_2", 1000, fixture.aliceKey())))
                    .isInstanceOf(dev.myelin.authservice.delegation.DelegationManager.ShuttingDownException.class);
        }
    }
}
