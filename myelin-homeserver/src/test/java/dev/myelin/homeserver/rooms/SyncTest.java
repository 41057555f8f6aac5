package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SyncTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;
    private TestClient.LoggedIn bob;

    SyncTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void users() {
        alice = anonymous.register("alice", "pw");
        bob = anonymous.register("bob", "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private JsonObject sync(TestClient.LoggedIn user, String query) {
        var response = user.client().get(V3 + "/sync" + query);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json();
    }

    private String createRoom(TestClient.LoggedIn user, JsonObject body) {
        return user.client().post(V3 + "/createRoom", body).json().string("room_id");
    }

    private String send(TestClient.LoggedIn user, String roomId, String txn, String text) {
        return user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/" + txn,
                JsonObject.builder().put("msgtype", "m.text").put("body", text).build()).json().string("event_id");
    }

    @Test
    void initialSync_carriesTheJoinedRoomsFullStateAndTimeline() {
        String roomId = createRoom(alice, JsonObject.builder().put("name", "Initial").build());
        String eventId = send(alice, roomId, "i1", "hello");

        JsonObject body = sync(alice, "?timeout=0");

        assertThat(body.string("next_batch")).matches("s\\d+_\\d+_\\d+_\\d+_\\d+_\\d+_\\d+");
        JsonObject room = body.object("rooms").object("join").object(roomId);
        var timeline = room.object("timeline").array("events").objects();
        var state = room.object("state").array("events").objects();
        assertThat(timeline.getLast().string("event_id")).isEqualTo(eventId);
        assertThat(timeline.getLast().object("content").string("body")).isEqualTo("hello");
        var allTypes = new java.util.ArrayList<String>();
        state.forEach(e -> allTypes.add(e.string("type")));
        timeline.forEach(e -> allTypes.add(e.string("type")));
        assertThat(allTypes).contains("m.room.create", "m.room.member", "m.room.power_levels", "m.room.name");
        assertThat(room.object("timeline").string("prev_batch")).isNotBlank();
        assertThat(room.object("unread_notifications").integer("notification_count")).isZero();
        assertThat(body.object("device_one_time_keys_count").integer("signed_curve25519")).isZero();
    }

    @Test
    void incrementalSync_returnsOnlyWhatIsNew() {
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String since = sync(alice, "?timeout=0").string("next_batch");
        String eventId = send(alice, roomId, "n1", "new");

        JsonObject body = sync(alice, "?timeout=0&since=" + since);

        JsonObject room = body.object("rooms").object("join").object(roomId);
        assertThat(room.object("timeline").array("events").objects()).extracting(e -> e.string("event_id"))
                .containsExactly(eventId);
        assertThat(room.object("state").array("events").size()).isZero();
        assertThat(room.object("timeline").bool("limited")).isFalse();
    }

    @Test
    void longPoll_returnsAsSoonAsAnEventArrives() throws Exception {
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String since = sync(alice, "?timeout=0").string("next_batch");

        var polling = CompletableFuture.supplyAsync(() -> sync(alice, "?timeout=30000&since=" + since));
        String eventId = send(alice, roomId, "lp1", "wake up");
        JsonObject body = polling.get(20, TimeUnit.SECONDS);

        assertThat(body.object("rooms").object("join").object(roomId).object("timeline").array("events").objects())
                .extracting(e -> e.string("event_id")).contains(eventId);
    }

    @Test
    void longPoll_withNothingNew_answersEmptyAfterTheTimeout() {
        String since = sync(bob, "?timeout=0").string("next_batch");
        long start = System.nanoTime();

        JsonObject body = sync(bob, "?timeout=300&since=" + since);

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
        assertThat(body.object("rooms").object("join").size()).isZero();
        assertThat(body.string("next_batch")).isNotBlank();
    }

    @Test
    void inviteAndLeave_appearInTheirSections() {
        String since = sync(bob, "?timeout=0").string("next_batch");
        String roomId = createRoom(alice, JsonObject.builder().put("name", "Invite only")
                .put("invite", dev.myelin.json.JsonValue.ofStrings(java.util.List.of("@bob:test.myelin"))).build());

        JsonObject invited = sync(bob, "?timeout=0&since=" + since);
        var inviteState = invited.object("rooms").object("invite").object(roomId).object("invite_state")
                .array("events").objects();
        bob.client().post(V3 + "/rooms/" + enc(roomId) + "/join", JsonObject.EMPTY);
        String afterJoin = sync(bob, "?timeout=0&since=" + invited.string("next_batch")).string("next_batch");
        bob.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY);
        JsonObject left = sync(bob, "?timeout=0&since=" + afterJoin);

        assertThat(inviteState).extracting(e -> e.string("type")).contains("m.room.create", "m.room.name",
                "m.room.member");
        assertThat(left.object("rooms").object("leave").has(roomId)).isTrue();
        assertThat(left.object("rooms").object("join").has(roomId)).isFalse();
    }

    @Test
    void newlyJoinedRoom_arrivesWithItsFullState() {
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").put("name", "Open")
                .build());
        String since = sync(bob, "?timeout=0").string("next_batch");
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);

        JsonObject room = sync(bob, "?timeout=0&since=" + since).object("rooms").object("join").object(roomId);

        var types = new java.util.ArrayList<String>();
        room.object("state").array("events").objects().forEach(e -> types.add(e.string("type")));
        room.object("timeline").array("events").objects().forEach(e -> types.add(e.string("type")));
        assertThat(types).contains("m.room.create", "m.room.power_levels", "m.room.join_rules", "m.room.name");
    }

    @Test
    void filterTimelineLimit_inlineOrStored_limitsTheTimelineAndMarksItLimited() {
        String roomId = createRoom(alice, JsonObject.EMPTY);
        for (int i = 0; i < 4; i++) {
            send(alice, roomId, "f" + i, "m" + i);
        }
        String inline = enc("{\"room\":{\"timeline\":{\"limit\":2}}}");
        String stored = alice.client().post(V3 + "/user/" + enc(alice.userId()) + "/filter", JsonObject.builder()
                .put("room", JsonObject.builder().put("timeline", JsonObject.builder().put("limit", 3).build())
                        .build()).build()).json().string("filter_id");

        JsonObject viaInline = sync(alice, "?timeout=0&filter=" + inline).object("rooms").object("join")
                .object(roomId).object("timeline");
        JsonObject viaStored = sync(alice, "?timeout=0&filter=" + stored).object("rooms").object("join")
                .object(roomId).object("timeline");
        var unknown = alice.client().get(V3 + "/sync?timeout=0&filter=9999");

        assertThat(viaInline.array("events").size()).isEqualTo(2);
        assertThat(viaInline.bool("limited")).isTrue();
        assertThat(viaStored.array("events").size()).isEqualTo(3);
        assertThat(unknown.status()).isEqualTo(400);
    }

    @Test
    void malformedSinceToken_isInvalidParam() {
        var response = alice.client().get(V3 + "/sync?since=garbage");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_INVALID_PARAM");
    }

    @Test
    void profileChange_isNoNewJoin_soTheNextSyncSendsNoFullState() {
        var carol = anonymous.register("profilecarol", "pw");
        String roomId = createRoom(carol, JsonObject.builder().put("preset", "public_chat").put("name", "Stay")
                .build());
        String since = sync(carol, "?timeout=0").string("next_batch");

        var renamed = carol.client().put(V3 + "/profile/" + enc(carol.userId()) + "/displayname",
                JsonObject.builder().put("displayname", "Carol Renamed").build());
        JsonObject room = sync(carol, "?timeout=0&since=" + enc(since)).object("rooms").object("join")
                .object(roomId);

        assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
        // The new join event comes in the timeline; the rest of the state the client already has.
        assertThat(room.object("timeline").array("events").objects()).anySatisfy(e -> {
            assertThat(e.string("type")).isEqualTo("m.room.member");
            assertThat(e.object("content").string("displayname")).isEqualTo("Carol Renamed");
        });
        assertThat(room.object("state").array("events").objects()).isEmpty();
    }
}
