package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.enc;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.Homeserver;
import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.PostgresCluster;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MSC4354 sticky section paging: more than 100 sticky events reach a client over several syncs, oldest first, none
 * lost or repeated, on SQLite and PostgreSQL. These servers let users send quickly (the default limit would stop
 * a user long before 100 events).
 */
class StickyPaginationTest {
    static final String V3 = "/_matrix/client/v3";
    private static final String ONE_EVENT_TIMELINE = enc("{\"room\":{\"timeline\":{\"limit\":1}}}");
    @TempDir
    Path data;

    private Homeserver start(String database) {
        var config = HomeserverConfig.builder(HomeserverExtension.SERVER_NAME, data)
                .listen(new InetSocketAddress("127.0.0.1", 0)).passwordHashIterations(1_000)
                .messageRateLimit(new RateLimit(10_000, 10_000));
        if (database.equals("postgresql")) {
            config.database(PostgresCluster.shared().newDatabase());
        }
        return Homeserver.start(config.build());
    }

    private static void sendSticky(TestClient.LoggedIn user, String roomId, int count, String prefix) {
        for (int i = 0; i < count; i++) {
            var response = user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/" + prefix + i
                    + "?org.matrix.msc4354.sticky_duration_ms=600000", text(prefix + i));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
        }
    }

    /** One sync: the room's sticky section and the next token. */
    private record Page(List<String> bodies, String nextBatch) {
    }

    private static Page sync(TestClient.LoggedIn user, String roomId, String since) {
        JsonObject body = user.client().get(V3 + "/sync?filter=" + ONE_EVENT_TIMELINE
                + (since.isEmpty() ? "" : "&since=" + enc(since))).json();
        List<String> bodies = body.object("rooms").object("join").optionalObject(roomId)
                .flatMap(room -> room.optionalObject("msc4354_sticky"))
                .map(s -> s.array("events").objects().stream().map(e -> e.object("content").string("body")).toList())
                .orElse(List.of());
        return new Page(bodies, body.string("next_batch"));
    }

    private static List<String> bodies(String prefix, int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> prefix + i).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void moreThanAHundredStickyEvents_arriveOldestFirstOverFollowingSyncs(String database) {
        try (var server = start(database)) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            sendSticky(alice, roomId, 130, "e");
            alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/plain", text("plain"));

            Page first = sync(alice, roomId, "");
            Page second = sync(alice, roomId, first.nextBatch());
            Page third = sync(alice, roomId, second.nextBatch());

            assertThat(first.bodies()).containsExactlyElementsOf(bodies("e", 0, 100));
            assertThat(second.bodies()).containsExactlyElementsOf(bodies("e", 100, 130));
            assertThat(third.bodies()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void userJoiningARoomWithMoreThanAHundredStickyEvents_getsThemAllOverItsNextSyncs(String database) {
        try (var server = start(database)) {
            var client = new TestClient(server.baseUri());
            var alice = client.register("alice", "pw");
            var bob = client.register("bob", "pw");
            String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
            sendSticky(alice, roomId, 120, "old");
            String since = sync(bob, roomId, "").nextBatch();
            assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);

            List<String> seen = new ArrayList<>();
            Page page = sync(bob, roomId, since);
            seen.addAll(page.bodies());
            int firstPage = page.bodies().size();
            for (int i = 0; i < 3 && seen.size() < 120; i++) {
                page = sync(bob, roomId, page.nextBatch());
                seen.addAll(page.bodies());
            }

            assertThat(firstPage).isEqualTo(100);
            assertThat(seen).containsExactlyElementsOf(bodies("old", 0, 120));
        }
    }

    @Test
    void stickyEventsSentBetweenSyncs_followThoseStillPending() {
        try (var server = start("sqlite")) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            sendSticky(alice, roomId, 105, "a");
            alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/plain", text("plain"));
            Page first = sync(alice, roomId, "");
            sendSticky(alice, roomId, 3, "b");
            alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/plain2", text("plain2"));

            Page second = sync(alice, roomId, first.nextBatch());

            assertThat(first.bodies()).containsExactlyElementsOf(bodies("a", 0, 100));
            var expected = new ArrayList<>(bodies("a", 100, 105));
            expected.addAll(bodies("b", 0, 3));
            assertThat(second.bodies()).containsExactlyElementsOf(expected);
        }
    }
}
