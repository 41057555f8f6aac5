package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** join_rule knock (POST /knock, rooms.knock in /sync) and restricted joins (allow m.room_membership). */
@ExtendWith(HomeserverExtension.class)
class KnockAndRestrictedJoinTest {
    private static final String V3 = "/_matrix/client/v3";
    private static final AtomicInteger USERS = new AtomicInteger();
    private final TestClient anonymous;

    KnockAndRestrictedJoinTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    private TestClient.LoggedIn user(String name) {
        return anonymous.register(name + USERS.incrementAndGet(), "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8);
    }

    private static String room(TestClient.LoggedIn owner, JsonObject joinRules) {
        String roomId = owner.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "private_chat")
                .put("name", "Door").build()).json().string("room_id");
        var set = owner.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.join_rules/", joinRules);
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        return roomId;
    }

    private static JsonObject rule(String joinRule) {
        return JsonObject.builder().put("join_rule", joinRule).build();
    }

    private static JsonObject restricted(String joinRule, String allowedRoom) {
        return rule(joinRule).with("allow", new JsonArray(List.of(JsonObject.builder()
                .put("type", "m.room_membership").put("room_id", allowedRoom).build())));
    }

    private static TestClient.TestResponse knock(TestClient.LoggedIn user, String roomId) {
        return user.client().post(V3 + "/knock/" + enc(roomId), JsonObject.builder().put("reason", "let me in")
                .build());
    }

    private static TestClient.TestResponse join(TestClient.LoggedIn user, String roomId) {
        return user.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
    }

    private static String membership(TestClient.LoggedIn viewer, String roomId, String userId) {
        return viewer.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/" + enc(userId)).json()
                .string("membership");
    }

    @Test
    void knock_showsInTheKnockersSync_andAnInviteLetsThemJoin() {
        var owner = user("owner");
        var knocker = user("knocker");
        String roomId = room(owner, rule("knock"));

        var knocked = knock(knocker, roomId);
        JsonObject sync = knocker.client().get(V3 + "/sync?timeout=0").json();
        var denied = join(knocker, roomId);
        var invite = owner.client().post(V3 + "/rooms/" + enc(roomId) + "/invite",
                JsonObject.builder().put("user_id", knocker.userId()).build());
        var joined = join(knocker, roomId);

        assertThat(knocked.status()).as(knocked.toString()).isEqualTo(200);
        assertThat(knocked.json().string("room_id")).isEqualTo(roomId);
        List<JsonObject> knockState = sync.object("rooms").object("knock").object(roomId).object("knock_state")
                .array("events").objects();
        assertThat(knockState).extracting(e -> e.string("type")).contains("m.room.join_rules", "m.room.name",
                "m.room.member");
        assertThat(knockState).filteredOn(e -> e.string("type").equals("m.room.member"))
                .singleElement().satisfies(e -> assertThat(e.object("content").string("membership"))
                        .isEqualTo("knock"));
        assertThat(sync.object("rooms").object("join").members()).doesNotContainKey(roomId);
        assertThat(denied.status()).isEqualTo(403);
        assertThat(invite.status()).isEqualTo(200);
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        assertThat(membership(owner, roomId, knocker.userId())).isEqualTo("join");
    }

    @Test
    void knock_isRefusedWhereTheJoinRuleIsNotKnock_whenBanned_andARejectedKnockLeaves() {
        var owner = user("owner");
        var knocker = user("knocker");
        var banned = user("banned");
        String inviteOnly = room(owner, rule("invite"));
        String knockRoom = room(owner, rule("knock"));
        owner.client().post(V3 + "/rooms/" + enc(knockRoom) + "/ban",
                JsonObject.builder().put("user_id", banned.userId()).build());

        var onInviteOnly = knock(knocker, inviteOnly);
        var whileBanned = knock(banned, knockRoom);
        assertThat(knock(knocker, knockRoom).status()).isEqualTo(200);
        String since = knocker.client().get(V3 + "/sync?timeout=0").json().string("next_batch");
        var reject = owner.client().post(V3 + "/rooms/" + enc(knockRoom) + "/kick",
                JsonObject.builder().put("user_id", knocker.userId()).build());
        JsonObject after = knocker.client().get(V3 + "/sync?timeout=0&since=" + since).json();

        assertThat(onInviteOnly.status()).isEqualTo(403);
        assertThat(onInviteOnly.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(whileBanned.status()).isEqualTo(403);
        assertThat(reject.status()).isEqualTo(200);
        assertThat(after.object("rooms").object("leave").members()).containsKey(knockRoom);
    }

    @Test
    void restrictedJoin_needsMembershipOfAnAllowedRoom_andNamesTheAuthorisingMember() {
        var owner = user("owner");
        var member = user("member");
        String space = owner.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        String roomId = room(owner, restricted("restricted", space));

        var beforeSpace = join(member, roomId);
        assertThat(join(member, space).status()).isEqualTo(200);
        var afterSpace = join(member, roomId);

        assertThat(beforeSpace.status()).isEqualTo(403);
        assertThat(afterSpace.status()).as(afterSpace.toString()).isEqualTo(200);
        JsonObject memberEvent = member.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/"
                + enc(member.userId())).json();
        assertThat(memberEvent.string("membership")).isEqualTo("join");
        assertThat(memberEvent.string("join_authorised_via_users_server")).isEqualTo(owner.userId());
    }

    @Test
    void knockRestricted_allowsBothAKnockAndARestrictedJoin() {
        var owner = user("owner");
        var knocker = user("knocker");
        var spaceMember = user("spacer");
        String space = owner.client().post(V3 + "/createRoom", JsonObject.builder().put("preset", "public_chat")
                .build()).json().string("room_id");
        String roomId = room(owner, restricted("knock_restricted", space));
        join(spaceMember, space);

        assertThat(knock(knocker, roomId).status()).isEqualTo(200);
        assertThat(join(knocker, roomId).status()).isEqualTo(403);
        assertThat(join(spaceMember, roomId).status()).isEqualTo(200);
    }

    @Test
    void restrictedJoin_vouchedForByAMemberWithoutInvitePower_isRefusedByTheAuthRules() {
        var owner = user("owner");
        var plain = user("plain");
        var outsider = user("outsider");
        String roomId = room(owner, restricted("restricted", "!elsewhere:" + HomeserverExtension.SERVER_NAME));
        var levels = owner.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels/").json();
        owner.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels/",
                levels.with("invite", dev.myelin.json.JsonValue.of(50)));
        owner.client().post(V3 + "/rooms/" + enc(roomId) + "/invite",
                JsonObject.builder().put("user_id", plain.userId()).build());
        assertThat(join(plain, roomId).status()).isEqualTo(200);

        var forged = outsider.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.member/"
                + enc(outsider.userId()), JsonObject.builder().put("membership", "join")
                .put("join_authorised_via_users_server", plain.userId()).build());

        assertThat(forged.status()).isEqualTo(403);
        assertThat(membership(owner, roomId, plain.userId())).isEqualTo("join");
    }
}
