package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.DELAYED;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.await;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.delayId;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.messages;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.sendDelayed;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.ForkedHomeserver;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Delayed events are durable: a server killed with SIGKILL mid-schedule sends them after restart, once each. */
class DelayedEventsRestartTest {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void killedServer_sendsOverdueEventsOnceInOrderRightAfterRestartAndLaterOnesOnTime() throws Exception {
        Path data = dir.resolve("data");
        java.nio.file.Files.createDirectories(data);
        TestClient.LoggedIn alice;
        String roomId;
        long firstDue;
        long secondDue;
        long laterDue;
        try (var first = ForkedHomeserver.start(data, dir.resolve("first.log"), START_TIMEOUT)) {
            alice = first.client().register("alice", "pw");
            roomId = createRoom(alice, JsonObject.EMPTY);
            delayId(sendDelayed(alice, roomId, "b", "1200", text("overdue-2")));
            delayId(sendDelayed(alice, roomId, "a", "1000", text("overdue-1")));
            // Due well after the restart, even when a loaded machine starts the second server slowly.
            delayId(sendDelayed(alice, roomId, "c", "15000", text("on-time")));
            List<JsonObject> listed = alice.client().get(DELAYED).json().array("delayed_events").objects();
            firstDue = sendTs(listed.get(0));
            secondDue = sendTs(listed.get(1));
            laterDue = sendTs(listed.get(2));
            first.kill();
        }
        await(() -> Optional.of(System.currentTimeMillis()).filter(now -> now > secondDue + 100),
                Duration.ofSeconds(5));

        try (var second = ForkedHomeserver.start(data, dir.resolve("second.log"), START_TIMEOUT)) {
            var client = second.client().withToken(alice.accessToken());
            var again = new TestClient.LoggedIn(alice.userId(), alice.deviceId(), alice.accessToken(), client);
            await(() -> Optional.of(messages(again, roomId)).filter(m -> withBody(m, "overdue-2").size() == 1),
                    Duration.ofSeconds(5));
            List<JsonObject> afterRestart = messages(again, roomId);
            List<JsonObject> finalised = finalised(client).orElseThrow();
            assertThat(laterDue).as("the second server came up before the later event was due")
                    .isGreaterThan(second.readyAtMillis());
            JsonObject laterSent = await(() -> finalised(client).filter(f -> f.size() == 3).map(List::getLast),
                    Duration.ofSeconds(30));
            List<JsonObject> all = messages(again, roomId);

            assertThat(withBody(afterRestart, "overdue-1")).hasSize(1);
            assertThat(withBody(afterRestart, "overdue-2")).hasSize(1);
            assertThat(afterRestart).filteredOn(e -> e.string("type").equals("m.room.message"))
                    .extracting(e -> e.object("content").string("body")).containsExactly("overdue-1", "overdue-2");
            assertThat(withBody(afterRestart, "overdue-1").getFirst().integer("origin_server_ts")).isEqualTo(firstDue);
            assertThat(finalised).hasSize(2);
            assertThat(finalised).allSatisfy(e -> assertThat(e.integer("finalised_ts"))
                    .isLessThanOrEqualTo(second.readyAtMillis() + 1_000));
            assertThat(laterSent.object("content").string("body")).isEqualTo("on-time");
            assertThat(laterSent.integer("finalised_ts")).isBetween(laterDue, laterDue + 500);
            assertThat(withBody(all, "on-time")).hasSize(1);
            assertThat(withBody(all, "overdue-1")).hasSize(1);
        }
    }

    /** Empty when polling ran into the management rate limit. */
    private static Optional<List<JsonObject>> finalised(TestClient client) {
        var response = client.get(DELAYED + "?status=finalised");
        return response.status() == 200
                ? Optional.of(response.json().array("delayed_events").objects()) : Optional.empty();
    }

    private static long sendTs(JsonObject listed) {
        return listed.integer("send_ts");
    }
}
