package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.DELAYED;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.awaitStatus;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.delayId;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.messages;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.sendDelayed;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.DelayedEventLimits;
import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.AuthRateLimits;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-user cap and the management rate limit, on servers configured small; and the feature on PostgreSQL. */
class DelayedEventLimitsTest {
    @TempDir
    Path data;

    private HomeserverConfig.Builder config() {
        return HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000).authRateLimits(AuthRateLimits.RELAXED)
                .delayedEvents(new DelayedEventLimits(3_600_000, 2, new RateLimit(0.01, 3), 60_000));
    }

    @Test
    void perUserCap_refusesAThirdScheduledEventWith429AndRetryAfter() {
        try (var server = Homeserver.start(config().build())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            delayId(sendDelayed(alice, roomId, "a", "60000", text("1")));
            delayId(sendDelayed(alice, roomId, "b", "30000", text("2")));

            var third = sendDelayed(alice, roomId, "c", "1000", text("3"));
            var capabilities = alice.client().get("/_matrix/client/v3/capabilities").json()
                    .object("capabilities").object("org.matrix.msc4140.delayed_events");

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.errcode()).isEqualTo("M_LIMIT_EXCEEDED");
            // Room frees up when the earliest (30 s) fires.
            assertThat(third.json().integer("retry_after_ms")).isBetween(25_000L, 30_000L);
            assertThat(third.header("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v))
                    .isBetween(25, 30));
            assertThat(capabilities.integer("max_scheduled")).isEqualTo(2);
            assertThat(capabilities.integer("max_delay_ms")).isEqualTo(3_600_000);
        }
    }

    @Test
    void management_isRateLimitedPerUser() {
        try (var server = Homeserver.start(config().build())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            String delayId = delayId(sendDelayed(alice, roomId, "a", "60000", text("1")));

            int[] statuses = new int[4];
            for (int i = 0; i < statuses.length; i++) {
                statuses[i] = alice.client().send("POST", DELAYED + "/" + delayId + "/restart", null).status();
            }

            assertThat(statuses).containsExactly(200, 200, 200, 429);
        }
    }

    @Test
    void unauthenticatedManagement_isLimitedPerDelayIdSoOneCallerMayRestartManyEvents() {
        try (var server = Homeserver.start(config().build())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            String first = delayId(sendDelayed(alice, roomId, "a", "60000", text("1")));
            String second = delayId(sendDelayed(alice, roomId, "b", "60000", text("2")));
            var anonymous = new TestClient(server.baseUri());

            int[] firstStatuses = new int[4];
            for (int i = 0; i < firstStatuses.length; i++) {
                firstStatuses[i] = anonymous.send("POST", DELAYED + "/" + first + "/restart", null).status();
            }
            // As lk-jwt-service restarts the leaves of many members from one address: each id has its own budget.
            int secondStatus = anonymous.send("POST", DELAYED + "/" + second + "/restart", null).status();

            assertThat(firstStatuses).containsExactly(200, 200, 200, 429);
            assertThat(secondStatus).isEqualTo(200);
        }
    }

    @Test
    void unauthenticatedManagement_floodOfGuessedIdsFromOneAddressIsCutOff() {
        try (var server = Homeserver.start(config().build())) {
            var anonymous = new TestClient(server.baseUri());
            // Management allows a burst of 3 here, so one address may make 300 unauthenticated calls at once.
            int limit = 3 * DelayedEventEndpoints.ANONYMOUS_ADDRESS_FACTOR;

            int notFound = 0;
            int limited = 0;
            for (int i = 0; i < limit + 50; i++) {
                int status = anonymous.send("POST", DELAYED + "/syd_guess" + i + "/restart", null).status();
                if (status == 404) {
                    notFound++;
                } else if (status == 429) {
                    limited++;
                }
            }

            // The address's budget refills at 1/s meanwhile: a few more may pass, most of the last 50 may not.
            assertThat(notFound).isBetween(limit, limit + 25);
            assertThat(limited).isEqualTo(limit + 50 - notFound);
        }
    }

    @Test
    void delayedEvents_workOnPostgresql() {
        try (var server = Homeserver.start(config().database(PostgresCluster.shared().newDatabase())
                .delayedEvents(DelayedEventLimits.DEFAULT).build())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);

            String delayId = delayId(sendDelayed(alice, roomId, "a", "200", text("pg")));
            JsonObject sent = awaitStatus(alice, delayId, "sent");

            assertThat(withBody(messages(alice, roomId), "pg")).extracting(e -> e.string("event_id"))
                    .containsExactly(sent.string("event_id"));
        }
    }
}
