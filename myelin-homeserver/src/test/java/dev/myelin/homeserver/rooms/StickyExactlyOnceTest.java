package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.enc;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static dev.myelin.homeserver.rooms.StickyChain.V3;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MSC4354: across a chain of syncs every sticky event arrives once, in a timeline or a sticky section, when a
 * response is cut at 100 and when a newly joined room pages its older sticky events (SQLite and PostgreSQL).
 */
class StickyExactlyOnceTest {
    private static final String TEN_EVENT_TIMELINE = "{\"room\":{\"timeline\":{\"limit\":10}}}";
    @TempDir
    Path data;

    private static List<String> sendSticky(TestClient.LoggedIn user, String roomId, int count, String prefix) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            var response = user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/" + prefix + i
                    + "?org.matrix.msc4354.sticky_duration_ms=600000", text(prefix + i));
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            ids.add(response.json().string("event_id"));
        }
        return ids;
    }

    /** Syncs until a response carries no sticky section (at most {@code max} syncs); returns the sync count. */
    private static int drain(StickyChain chain, String filter, int max) {
        for (int i = 1; i <= max; i++) {
            if (chain.sync(filter).stickySectionSize() == 0) {
                return i;
            }
        }
        return max;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void responseCutAtAHundred_stickyEventsItsTimelinesCarriedDoNotComeAgain(String database) {
        try (var server = StickyChain.start(database, data, InstantSource.system())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String big = createRoom(alice, JsonObject.EMPTY);
            String small = createRoom(alice, JsonObject.EMPTY);
            List<String> expected = new ArrayList<>(sendSticky(alice, big, 110, "a"));
            // Sticky events of another room between those of the big room: its timeline carries them all.
            for (int i = 0; i < 4; i++) {
                expected.addAll(sendSticky(alice, small, 1, "s" + i + "-"));
                expected.addAll(sendSticky(alice, big, 5, "b" + i + "-"));
            }
            var chain = new StickyChain(alice);

            StickyChain.Page first = chain.sync(TEN_EVENT_TIMELINE);
            drain(chain, TEN_EVENT_TIMELINE, 5);

            assertThat(first.stickySectionSize()).isEqualTo(100);
            assertThat(first.stickyInTimeline().get(small)).hasSize(4);
            assertThat(chain.repeats()).isEmpty();
            assertThat(chain.allDelivered()).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void joiningARoomWithMoreThanAHundredStickyEvents_repeatsNoneOfOtherRooms(String database) {
        try (var server = StickyChain.start(database, data, InstantSource.system())) {
            var client = new TestClient(server.baseUri());
            var alice = client.register("alice", "pw");
            var bob = client.register("bob", "pw");
            String crowded = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
            String own = createRoom(bob, JsonObject.EMPTY);
            List<String> old = sendSticky(alice, crowded, 120, "old");
            // Bob's own room's sticky events are newer than all of the crowded room's.
            List<String> ownEarly = sendSticky(bob, own, 3, "own");
            var chain = new StickyChain(bob);
            chain.sync(TEN_EVENT_TIMELINE);
            assertThat(bob.client().post(V3 + "/join/" + enc(crowded), JsonObject.EMPTY).status()).isEqualTo(200);
            chain.joined(crowded);
            List<String> ownLater = sendSticky(bob, own, 2, "later");

            StickyChain.Page first = chain.sync(TEN_EVENT_TIMELINE);
            int syncs = drain(chain, TEN_EVENT_TIMELINE, 5);

            assertThat(first.stickySection().get(crowded)).hasSize(100);
            assertThat(syncs).isLessThanOrEqualTo(2);
            assertThat(chain.repeats()).isEmpty();
            assertThat(chain.delivered(crowded)).containsExactlyInAnyOrderElementsOf(old);
            var ownAll = new ArrayList<>(ownEarly);
            ownAll.addAll(ownLater);
            assertThat(chain.delivered(own)).containsExactlyInAnyOrderElementsOf(ownAll);
        }
    }

    @Test
    void joiningASecondCrowdedRoomWhileTheFirstIsStillPaging_deliversBothRoomsOnce() {
        try (var server = StickyChain.start("sqlite", data, InstantSource.system())) {
            var client = new TestClient(server.baseUri());
            var alice = client.register("alice", "pw");
            var bob = client.register("bob", "pw");
            var publicRoom = JsonObject.builder().put("preset", "public_chat").build();
            String older = createRoom(alice, publicRoom);
            String newer = createRoom(alice, publicRoom);
            List<String> olderEvents = sendSticky(alice, older, 110, "o");
            List<String> newerEvents = sendSticky(alice, newer, 120, "n");
            var chain = new StickyChain(bob);
            chain.sync(TEN_EVENT_TIMELINE);
            assertThat(bob.client().post(V3 + "/join/" + enc(newer), JsonObject.EMPTY).status()).isEqualTo(200);
            chain.joined(newer);
            StickyChain.Page first = chain.sync(TEN_EVENT_TIMELINE);
            // The newer room is still paging when the older one, whose events all come before, is joined.
            assertThat(bob.client().post(V3 + "/join/" + enc(older), JsonObject.EMPTY).status()).isEqualTo(200);
            chain.joined(older);

            StickyChain.Page second = chain.sync(TEN_EVENT_TIMELINE);
            drain(chain, TEN_EVENT_TIMELINE, 5);

            assertThat(first.stickySection().get(newer)).hasSize(100);
            assertThat(second.stickySection().get(older)).hasSize(100);
            assertThat(second.stickySection()).doesNotContainKey(newer);
            assertThat(chain.repeats()).isEmpty();
            assertThat(chain.delivered(older)).containsExactlyInAnyOrderElementsOf(olderEvents);
            assertThat(chain.delivered(newer)).containsExactlyInAnyOrderElementsOf(newerEvents);
        }
    }

    @Test
    void leavingAndJoiningAgain_deliversTheRoomsStickyEventsAgainOnce() {
        try (var server = StickyChain.start("sqlite", data, InstantSource.system())) {
            var client = new TestClient(server.baseUri());
            var alice = client.register("alice", "pw");
            var bob = client.register("bob", "pw");
            String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
            assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
            List<String> sticky = sendSticky(alice, roomId, 3, "s");
            var chain = new StickyChain(bob);
            chain.sync(TEN_EVENT_TIMELINE);
            assertThat(chain.delivered(roomId)).containsExactlyInAnyOrderElementsOf(sticky);
            assertThat(bob.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY).status())
                    .isEqualTo(200);
            chain.sync(TEN_EVENT_TIMELINE);
            assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
            chain.joined(roomId);

            StickyChain.Page rejoined = chain.sync(TEN_EVENT_TIMELINE);
            StickyChain.Page after = chain.sync(TEN_EVENT_TIMELINE);

            assertThat(rejoined.stickySection().get(roomId)).extracting(e -> e.string("event_id"))
                    .containsExactlyElementsOf(sticky);
            assertThat(after.stickySectionSize()).isZero();
            assertThat(chain.repeats()).isEmpty();
        }
    }

    @Test
    void profileChangeInARoom_isNotAJoinThatDeliversItsStickyEventsAgain() {
        try (var server = StickyChain.start("sqlite", data, InstantSource.system())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            List<String> sticky = sendSticky(alice, roomId, 3, "s");
            var chain = new StickyChain(alice);
            chain.sync("{\"room\":{\"timeline\":{\"limit\":1}}}");
            var rename = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/"
                    + enc(alice.userId()), JsonObject.builder().put("membership", "join")
                    .put("displayname", "Alice").build());
            assertThat(rename.status()).as(rename.toString()).isEqualTo(200);

            StickyChain.Page next = chain.sync("{\"room\":{\"timeline\":{\"limit\":1}}}");

            assertThat(next.stickySectionSize()).isZero();
            assertThat(chain.repeats()).isEmpty();
            assertThat(chain.delivered(roomId)).containsExactlyInAnyOrderElementsOf(sticky);
        }
    }

    @Test
    void sevenPartTokenWithABareStickyPosition_stillOwesTheStickyEventsAfterIt() {
        try (var server = StickyChain.start("sqlite", data, InstantSource.system())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String roomId = createRoom(alice, JsonObject.EMPTY);
            String before = alice.client().get(V3 + "/sync").json().string("next_batch");
            List<String> sticky = sendSticky(alice, roomId, 2, "s");
            String after = alice.client().get(V3 + "/sync?since=" + enc(before)).json().string("next_batch");
            // The form issued before this change: sticky events delivered only up to the earlier position.
            String older = after.substring(0, after.lastIndexOf('_') + 1) + before.substring(before.lastIndexOf('_')
                    + 1);

            var response = alice.client().get(V3 + "/sync?since=" + enc(older));

            assertThat(before.substring(before.lastIndexOf('_') + 1)).containsOnlyDigits();
            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.json().object("rooms").object("join").object(roomId).object("msc4354_sticky")
                    .array("events").objects()).extracting(e -> e.string("event_id")).containsExactlyElementsOf(sticky);
        }
    }

    @Test
    void malformedStickyPartOfTheSinceToken_isAnInvalidParamError() {
        try (var server = StickyChain.start("sqlite", data, InstantSource.system())) {
            var alice = new TestClient(server.baseUri()).register("alice", "pw");
            String token = alice.client().get(V3 + "/sync").json().string("next_batch");
            String base = token.substring(0, token.lastIndexOf('_') + 1);

            for (String sticky : List.of("5.x1", "5.j1-2", "5.t3-0", "5.j1-2-2", "-1", "5.", "5.t" + "1-".repeat(101)
                    + "1")) {
                var response = alice.client().get(V3 + "/sync?since=" + enc(base + sticky));

                assertThat(response.status()).as(sticky).isEqualTo(400);
                assertThat(response.errcode()).as(sticky).isEqualTo("M_INVALID_PARAM");
            }
        }
    }
}
