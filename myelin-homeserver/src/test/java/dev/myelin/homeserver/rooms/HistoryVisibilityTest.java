package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** m.room.history_visibility on /messages and /sync, against a real server. */
@ExtendWith(HomeserverExtension.class)
class HistoryVisibilityTest {
    private static final String V3 = "/_matrix/client/v3";
    private static final AtomicInteger USERS = new AtomicInteger();
    private final TestClient anonymous;

    HistoryVisibilityTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn user(String name) {
        return anonymous.register(name + USERS.incrementAndGet(), "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    /** A public room of {@code owner} with the given history visibility. */
    private static String room(TestClient.LoggedIn owner, String visibility) {
        String roomId = owner.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        var set = owner.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.history_visibility/",
                JsonObject.builder().put("history_visibility", visibility).build());
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        return roomId;
    }

    private static String send(TestClient.LoggedIn user, String roomId, String text) {
        var response = user.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/" + text,
                JsonObject.builder().put("msgtype", "m.text").put("body", text).build());
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().string("event_id");
    }

    private static TestClient.TestResponse messages(TestClient.LoggedIn user, String roomId) {
        return user.client().get(V3 + "/rooms/" + enc(roomId) + "/messages?dir=b&limit=50");
    }

    private static List<String> bodies(List<JsonObject> events) {
        return events.stream().filter(e -> e.string("type").equals("m.room.message"))
                .map(e -> e.object("content").string("body")).toList();
    }

    private static List<String> messageBodies(TestClient.LoggedIn user, String roomId) {
        var response = messages(user, roomId);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return bodies(response.json().array("chunk").objects()).reversed();
    }

    private static void join(TestClient.LoggedIn user, String roomId) {
        var join = user.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        assertThat(join.status()).as(join.toString()).isEqualTo(200);
    }

    @Test
    void sharedHistory_lateJoinerSeesWhatCameBeforeTheJoin() {
        var owner = user("owner");
        var late = user("late");
        String roomId = room(owner, "shared");
        send(owner, roomId, "before");
        join(late, roomId);
        send(owner, roomId, "after");

        assertThat(messageBodies(late, roomId)).containsExactly("before", "after");
        JsonObject timeline = late.client().get(V3 + "/sync?timeout=0").json().object("rooms").object("join")
                .object(roomId).object("timeline");
        assertThat(bodies(timeline.array("events").objects())).containsExactly("before", "after");
    }

    @Test
    void joinedHistory_lateJoinerSeesOnlyFromTheJoinOn_inMessagesAndSync() {
        var owner = user("owner");
        var late = user("late");
        String roomId = room(owner, "joined");
        send(owner, roomId, "secret");
        join(late, roomId);
        send(owner, roomId, "welcome");

        assertThat(messageBodies(late, roomId)).containsExactly("welcome");
        List<JsonObject> timeline = late.client().get(V3 + "/sync?timeout=0").json().object("rooms")
                .object("join").object(roomId).object("timeline").array("events").objects();
        assertThat(bodies(timeline)).containsExactly("welcome");
        assertThat(timeline).anySatisfy(e -> assertThat(e.string("type")).isEqualTo("m.room.member"));
        assertThat(messageBodies(owner, roomId)).containsExactly("secret", "welcome");
    }

    @Test
    void invitedHistory_showsEventsFromTheInviteOn() {
        var owner = user("owner");
        var guest = user("guest");
        String roomId = room(owner, "invited");
        send(owner, roomId, "early");
        var invite = owner.client().post(V3 + "/rooms/" + enc(roomId) + "/invite",
                JsonObject.builder().put("user_id", guest.userId()).build());
        assertThat(invite.status()).isEqualTo(200);
        send(owner, roomId, "while-invited");
        join(guest, roomId);

        assertThat(messageBodies(guest, roomId)).containsExactly("while-invited");
    }

    @Test
    void leftUser_seesHistoryUpToTheLeaveOnly_andSyncReportsTheLeftRoomsTimeline() {
        var owner = user("owner");
        var leaver = user("leaver");
        String roomId = room(owner, "shared");
        join(leaver, roomId);
        String since = leaver.client().get(V3 + "/sync?timeout=0").json().string("next_batch");
        send(owner, roomId, "last-seen");
        assertThat(leaver.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY).status())
                .isEqualTo(200);
        send(owner, roomId, "after-leave");

        assertThat(messageBodies(leaver, roomId)).containsExactly("last-seen");
        JsonObject left = leaver.client().get(V3 + "/sync?timeout=0&since=" + since).json().object("rooms")
                .object("leave").object(roomId);
        List<JsonObject> events = left.object("timeline").array("events").objects();
        assertThat(bodies(events)).containsExactly("last-seen");
        assertThat(events.getLast().object("content").string("membership")).isEqualTo("leave");
    }

    @Test
    void strangerWhoWasNeverInTheRoom_gets403_unlessTheRoomIsWorldReadable() {
        var owner = user("owner");
        var stranger = user("stranger");
        String privateHistory = room(owner, "shared");
        String worldReadable = room(owner, "world_readable");
        send(owner, worldReadable, "public");

        var denied = messages(stranger, privateHistory);

        assertThat(denied.status()).isEqualTo(403);
        assertThat(denied.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(messageBodies(stranger, worldReadable)).containsExactly("public");
        assertThat(messages(stranger, "!nowhere:" + HomeserverExtension.SERVER_NAME).status()).isEqualTo(404);
    }

    @Test
    void singleEvent_followsHistoryVisibility() {
        var owner = user("owner");
        var late = user("late");
        var stranger = user("stranger");
        String roomId = room(owner, "joined");
        String secret = send(owner, roomId, "secret");
        join(late, roomId);
        String welcome = send(owner, roomId, "welcome");
        String path = V3 + "/rooms/" + enc(roomId) + "/event/";

        var visible = late.client().get(path + enc(welcome));
        var hidden = late.client().get(path + enc(secret));
        var unknown = late.client().get(path + enc("$nothing"));
        var forStranger = stranger.client().get(path + enc(welcome));

        assertThat(visible.status()).isEqualTo(200);
        assertThat(visible.json().object("content").string("body")).isEqualTo("welcome");
        assertThat(visible.json().string("event_id")).isEqualTo(welcome);
        assertThat(hidden.status()).isEqualTo(404);
        assertThat(hidden.errcode()).isEqualTo("M_NOT_FOUND");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(forStranger.status()).isEqualTo(403);
        assertThat(owner.client().get(path + enc(secret)).status()).isEqualTo(200);
    }

    @Test
    void leftUser_readsTheStateAsItWasWhenTheyLeft_strangersGet403() {
        var owner = user("owner");
        var leaver = user("leaver");
        var stranger = user("stranger");
        String roomId = room(owner, "shared");
        String name = V3 + "/rooms/" + enc(roomId) + "/state/m.room.name/";
        owner.client().put(name, JsonObject.builder().put("name", "Before").build());
        join(leaver, roomId);
        leaver.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY);
        owner.client().put(name, JsonObject.builder().put("name", "After").build());

        var nameForLeaver = leaver.client().get(name);
        var members = leaver.client().get(V3 + "/rooms/" + enc(roomId) + "/members");
        var allState = leaver.client().get(V3 + "/rooms/" + enc(roomId) + "/state");

        assertThat(nameForLeaver.status()).isEqualTo(200);
        assertThat(nameForLeaver.json().string("name")).isEqualTo("Before");
        assertThat(owner.client().get(name).json().string("name")).isEqualTo("After");
        assertThat(members.json().array("chunk").objects())
                .filteredOn(e -> e.string("state_key").equals(leaver.userId()))
                .singleElement().satisfies(e -> assertThat(e.object("content").string("membership"))
                        .isEqualTo("leave"));
        assertThat(allState.status()).isEqualTo(200);
        assertThat(stranger.client().get(name).status()).isEqualTo(403);
    }

    @Test
    void includeLeave_initialSyncListsRoomsLeftEarlier_onlyWhenAsked() {
        var owner = user("owner");
        var leaver = user("leaver");
        String roomId = room(owner, "shared");
        join(leaver, roomId);
        leaver.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY);

        JsonObject plain = leaver.client().get(V3 + "/sync?timeout=0").json().object("rooms").object("leave");
        JsonObject withLeave = leaver.client().get(V3 + "/sync?timeout=0&filter="
                + enc("{\"room\":{\"include_leave\":true}}")).json().object("rooms").object("leave");

        assertThat(plain.members()).doesNotContainKey(roomId);
        assertThat(withLeave.members()).containsKey(roomId);
    }
}
