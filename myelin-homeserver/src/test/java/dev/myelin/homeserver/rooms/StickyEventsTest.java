package dev.myelin.homeserver.rooms;

import static dev.myelin.homeserver.rooms.DelayedEventsTest.V3;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.awaitStatus;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.createRoom;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.delayId;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.enc;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.messages;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.text;
import static dev.myelin.homeserver.rooms.DelayedEventsTest.withBody;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** MSC4354 sticky events: the send parameter, the top-level field, and the /sync sticky section. */
@ExtendWith(HomeserverExtension.class)
class StickyEventsTest {
    private static final String STICKY = "org.matrix.msc4354.sticky_duration_ms";
    private static final AtomicInteger USERS = new AtomicInteger();
    private final TestClient anonymous;

    StickyEventsTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn newUser() {
        return anonymous.register("sticky" + USERS.incrementAndGet(), "pw");
    }

    private static TestClient.TestResponse sendSticky(TestClient.LoggedIn user, String roomId, String txn,
            String duration, JsonObject content) {
        return user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/" + txn + "?" + STICKY + "="
                + duration, content);
    }

    private static List<JsonObject> stickySection(TestClient.LoggedIn user, String roomId, String query) {
        JsonObject room = user.client().get(V3 + "/sync" + query).json().object("rooms").object("join")
                .object(roomId);
        return room.optionalObject("msc4354_sticky").map(s -> s.array("events").objects()).orElse(List.of());
    }

    @Test
    void stickySend_putsTheDurationAtTheTopLevelOfTheEvent() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var sent = sendSticky(alice, roomId, "s1", "600000", text("sticky"));
        JsonObject event = withBody(messages(alice, roomId), "sticky").getFirst();

        assertThat(sent.status()).as(sent.toString()).isEqualTo(200);
        assertThat(event.object("msc4354_sticky").integer("duration_ms")).isEqualTo(600_000);
        assertThat(event.object("content").has("msc4354_sticky")).isFalse();
    }

    @Test
    void badStickyDurations_areRejected() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var negative = sendSticky(alice, roomId, "a", "-5", text("x"));
        var notANumber = sendSticky(alice, roomId, "b", "soon", text("x"));

        assertThat(negative.status()).isEqualTo(400);
        assertThat(negative.errcode()).isEqualTo("M_INVALID_PARAM");
        assertThat(notANumber.status()).isEqualTo(400);
        assertThat(notANumber.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void initialSync_listsUnexpiredStickyEventsTheTimelineLeftOutWithTheirRemainingTime() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        sendSticky(alice, roomId, "live", "7200000", text("live"));
        sendSticky(alice, roomId, "expired", "0", text("expired"));
        alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/plain", text("plain"));

        List<JsonObject> sticky = stickySection(alice, roomId,
                "?filter=" + enc("{\"room\":{\"timeline\":{\"limit\":1}}}"));

        assertThat(sticky).extracting(e -> e.object("content").string("body")).containsExactly("live");
        long ttl = sticky.getFirst().object("unsigned").integer("msc4354_sticky_duration_ttl_ms");
        // Longer durations are kept but count as one hour.
        assertThat(ttl).isBetween(3_500_000L, 3_600_000L);
        assertThat(sticky.getFirst().object("msc4354_sticky").integer("duration_ms")).isEqualTo(7_200_000);
    }

    @Test
    void stickyEventInTheTimeline_isNotRepeatedInTheStickySection() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        sendSticky(alice, roomId, "s", "600000", text("in-timeline"));

        List<JsonObject> sticky = stickySection(alice, roomId, "");

        assertThat(sticky).isEmpty();
    }

    @Test
    void joiningUser_getsTheRoomsStickyEventsOnItsNextIncrementalSync() {
        var alice = newUser();
        var bob = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        sendSticky(alice, roomId, "before", "600000", text("before-join"));
        String since = bob.client().get(V3 + "/sync").json().string("next_batch");
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);

        List<JsonObject> sticky = stickySection(bob, roomId, "?since=" + enc(since) + "&filter="
                + enc("{\"room\":{\"timeline\":{\"limit\":1}}}"));

        assertThat(sticky).extracting(e -> e.object("content").string("body")).containsExactly("before-join");
    }

    @Test
    void delayedStickyEvent_isStickyFromItsActualSend() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);

        String delayId = delayId(alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/d?"
                + "org.matrix.msc4140.delay=50&" + STICKY + "=600000", text("delayed-sticky")));
        JsonObject sent = awaitStatus(alice, delayId, "sent");
        JsonObject event = withBody(messages(alice, roomId), "delayed-sticky").getFirst();

        assertThat(event.string("event_id")).isEqualTo(sent.string("event_id"));
        assertThat(event.object("msc4354_sticky").integer("duration_ms")).isEqualTo(600_000);
    }

    @Test
    void stickyEventsInTheTimelineAndInMessages_carryTheirRemainingTime() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        sendSticky(alice, roomId, "t", "600000", text("timed"));
        alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/p", text("plain"));

        List<JsonObject> timeline = alice.client().get(V3 + "/sync").json().object("rooms").object("join")
                .object(roomId).object("timeline").array("events").objects();
        JsonObject inTimeline = withBody(timeline, "timed").getFirst();
        JsonObject plainInTimeline = withBody(timeline, "plain").getFirst();
        JsonObject inMessages = withBody(messages(alice, roomId), "timed").getFirst();

        assertThat(inTimeline.object("unsigned").integer("msc4354_sticky_duration_ttl_ms"))
                .isBetween(500_000L, 600_000L);
        assertThat(plainInTimeline.object("unsigned").has("msc4354_sticky_duration_ttl_ms")).isFalse();
        assertThat(inMessages.object("unsigned").integer("msc4354_sticky_duration_ttl_ms"))
                .isBetween(500_000L, 600_000L);
    }

    @Test
    void stickyEventsOfIgnoredUsers_areLeftOutOfTheStickySection() {
        var alice = newUser();
        var bob = newUser();
        var carol = newUser();
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        for (var member : List.of(bob, carol)) {
            assertThat(member.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
        }
        sendSticky(bob, roomId, "b", "600000", text("from-bob"));
        sendSticky(carol, roomId, "c", "600000", text("from-carol"));
        alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/p", text("plain"));
        var ignore = alice.client().put(V3 + "/user/" + enc(alice.userId()) + "/account_data/m.ignored_user_list",
                JsonObject.builder().put("ignored_users", JsonObject.builder().put(bob.userId(), JsonObject.EMPTY)
                        .build()).build());
        assertThat(ignore.status()).as(ignore.toString()).isEqualTo(200);

        List<JsonObject> sticky = stickySection(alice, roomId,
                "?filter=" + enc("{\"room\":{\"timeline\":{\"limit\":1}}}"));

        assertThat(sticky).extracting(e -> e.object("content").string("body")).containsExactly("from-carol");
    }

    @Test
    void syncTokenIssuedBeforeTheStickyPosition_isStillAccepted() {
        var alice = newUser();
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String token = alice.client().get(V3 + "/sync").json().string("next_batch");
        String sixParts = token.substring(0, token.lastIndexOf('_'));
        sendSticky(alice, roomId, "after", "600000", text("after-old-token"));

        var response = alice.client().get(V3 + "/sync?since=" + enc(sixParts));

        assertThat(sixParts.split("_")).hasSize(6);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().string("next_batch").split("_")).hasSize(7);
        assertThat(response.json().object("rooms").object("join").object(roomId).object("timeline")
                .array("events").objects()).extracting(e -> e.object("content").optionalString("body").orElse(""))
                .contains("after-old-token");
    }
}
