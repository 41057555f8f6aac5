package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.testing.HomeserverExtension;
import dev.myelin.homeserver.testing.TestClient;
import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(HomeserverExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoomsTest {
    private static final String V3 = "/_matrix/client/v3";
    private final TestClient anonymous;
    private TestClient.LoggedIn alice;
    private TestClient.LoggedIn bob;

    RoomsTest(TestClient anonymous) {
        this.anonymous = anonymous;
    }

    @BeforeAll
    void users() {
        alice = anonymous.register("alice", "pw");
        bob = anonymous.register("bob", "pw");
    }

    private static String enc(String raw) {
        return URLEncoder.encode(raw, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String createRoom(TestClient.LoggedIn user, JsonObject body) {
        var response = user.client().post(V3 + "/createRoom", body);
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().string("room_id");
    }

    private List<JsonObject> state(TestClient.LoggedIn user, String roomId) {
        var response = user.client().get(V3 + "/rooms/" + enc(roomId) + "/state");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return ((JsonArray) Json.parse(response.body())).objects();
    }

    @Test
    void createRoom_writesTheInitialStateInSynapsesOrder() {
        String roomId = createRoom(alice, JsonObject.builder().put("name", "Standup").put("topic", "daily").build());

        assertThat(roomId).matches("![A-Za-z]{18}:test\\.myelin");
        var types = state(alice, roomId).stream().map(e -> e.string("type")).toList();
        assertThat(types).containsExactly("m.room.create", "m.room.member", "m.room.power_levels",
                "m.room.join_rules", "m.room.history_visibility", "m.room.guest_access", "m.room.name",
                "m.room.topic");
        assertThat(state(alice, roomId)).allSatisfy(e ->
                assertThat(e.string("event_id")).matches("\\$[A-Za-z0-9_-]{43}"));
    }

    @Test
    void defaultPowerLevels_letMembersSendMatrixRtcMemberships() {
        String roomId = createRoom(alice, JsonObject.EMPTY);
        var levels = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels/").json();

        assertThat(levels.object("events").integer("org.matrix.msc3401.call.member")).isZero();
        assertThat(levels.object("events").integer("org.matrix.msc4143.rtc.member")).isZero();
        assertThat(levels.object("users").integer("@alice:test.myelin")).isEqualTo(100);
        assertThat(levels.integer("invite")).isZero();
    }

    @Test
    void roomVersion11_createHasNoCreatorAndUnknownVersionsAreRefused() {
        String roomId = createRoom(alice, JsonObject.builder().put("room_version", "11").build());
        var create = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.create").json();
        var unsupported = alice.client().post(V3 + "/createRoom",
                JsonObject.builder().put("room_version", "12").build());

        assertThat(create.string("room_version")).isEqualTo("11");
        assertThat(create.has("creator")).isFalse();
        assertThat(unsupported.status()).isEqualTo(400);
        assertThat(unsupported.errcode()).isEqualTo("M_UNSUPPORTED_ROOM_VERSION");
    }

    @Test
    void initialStateAndOverride_areApplied() {
        String roomId = createRoom(alice, JsonObject.builder()
                .put("initial_state", new JsonArray(List.of(JsonObject.builder().put("type", "m.room.encryption")
                        .put("state_key", "").put("content", JsonObject.builder()
                                .put("algorithm", "m.megolm.v1.aes-sha2").build()).build())))
                .put("power_level_content_override", JsonObject.builder().put("state_default", 0).build())
                .build());

        var encryption = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.encryption/").json();
        var levels = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels").json();

        assertThat(encryption.string("algorithm")).isEqualTo("m.megolm.v1.aes-sha2");
        assertThat(levels.integer("state_default")).isZero();
    }

    @Test
    void send_isIdempotentPerDeviceAndTransactionId() {
        String roomId = createRoom(alice, JsonObject.EMPTY);
        String path = V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/txn1";
        JsonObject body = JsonObject.builder().put("msgtype", "m.text").put("body", "hi").build();

        String first = alice.client().put(path, body).json().string("event_id");
        String again = alice.client().put(path, body).json().string("event_id");
        String other = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/txn2", body).json()
                .string("event_id");

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void stateWithPercentEncodedKey_roundTripsAndCallMemberNeedsNoPower() {
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        assertThat(bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY).status()).isEqualTo(200);
        String key = "_@bob:test.myelin_DEVICE_m.call";
        JsonObject membership = JsonObject.builder().put("application", "m.call").put("call_id", "").build();

        var put = bob.client().put(V3 + "/rooms/" + enc(roomId) + "/state/org.matrix.msc3401.call.member/"
                + enc(key), membership);
        var get = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/org.matrix.msc3401.call.member/"
                + enc(key));

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(get.json()).isEqualTo(membership);
    }

    @Test
    void memberWithoutPower_cannotChangeTheName_andOutsidersCannotSend() {
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        var outsider = bob.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/t",
                JsonObject.builder().put("body", "x").build());
        bob.client().post(V3 + "/rooms/" + enc(roomId) + "/join", JsonObject.EMPTY);
        var rename = bob.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.name/",
                JsonObject.builder().put("name", "mine").build());

        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.errcode()).isEqualTo("M_FORBIDDEN");
        assertThat(rename.status()).isEqualTo(403);
    }

    @Test
    void privateRoom_needsAnInvite_thenJoinWorks() {
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var uninvited = bob.client().post(V3 + "/rooms/" + enc(roomId) + "/join", JsonObject.EMPTY);
        var invite = alice.client().post(V3 + "/rooms/" + enc(roomId) + "/invite",
                JsonObject.builder().put("user_id", "@bob:test.myelin").build());
        var invited = bob.client().post(V3 + "/rooms/" + enc(roomId) + "/join", JsonObject.EMPTY);

        assertThat(uninvited.status()).isEqualTo(403);
        assertThat(invite.status()).isEqualTo(200);
        assertThat(invited.status()).isEqualTo(200);
        assertThat(bob.client().get(V3 + "/joined_rooms").json().array("joined_rooms").strings()).contains(roomId);
    }

    @Test
    void kickAndBan_needPowerAndTakeEffect() {
        String roomId = createRoom(alice, JsonObject.builder().put("preset", "public_chat").build());
        bob.client().post(V3 + "/join/" + enc(roomId), JsonObject.EMPTY);
        JsonObject targetAlice = JsonObject.builder().put("user_id", "@alice:test.myelin").build();
        JsonObject targetBob = JsonObject.builder().put("user_id", "@bob:test.myelin").build();

        var bobKicksAlice = bob.client().post(V3 + "/rooms/" + enc(roomId) + "/kick", targetAlice);
        var aliceBansBob = alice.client().post(V3 + "/rooms/" + enc(roomId) + "/ban", targetBob);
        var bobRejoins = bob.client().post(V3 + "/rooms/" + enc(roomId) + "/join", JsonObject.EMPTY);

        assertThat(bobKicksAlice.status()).isEqualTo(403);
        assertThat(aliceBansBob.status()).isEqualTo(200);
        assertThat(bobRejoins.status()).isEqualTo(403);
        assertThat(bob.client().get(V3 + "/rooms/" + enc(roomId) + "/state").status()).isEqualTo(403);
    }

    @Test
    void leave_removesTheRoomFromJoinedRooms() {
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var leave = alice.client().post(V3 + "/rooms/" + enc(roomId) + "/leave", JsonObject.EMPTY);

        assertThat(leave.status()).isEqualTo(200);
        assertThat(alice.client().get(V3 + "/joined_rooms").json().array("joined_rooms").strings())
                .doesNotContain(roomId);
    }

    @Test
    void stateKeyNamingAnotherUser_isForbidden() {
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var response = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/state/com.example/" + enc("@bob:test.myelin"),
                JsonObject.EMPTY);

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void unknownRoomAndMissingState_are404NotFound() {
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var unknownRoom = alice.client().put(V3 + "/rooms/" + enc("!nope:test.myelin") + "/send/m.room.message/1",
                JsonObject.EMPTY);
        var missing = alice.client().get(V3 + "/rooms/" + enc(roomId) + "/state/m.room.topic/");

        assertThat(unknownRoom.status()).isEqualTo(404);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errcode()).isEqualTo("M_NOT_FOUND");
    }

    @Test
    void eventLargerThan64KiB_isTooLarge() {
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var response = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/send/m.room.message/big",
                JsonObject.builder().put("body", "x".repeat(70_000)).build());

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.errcode()).isEqualTo("M_TOO_LARGE");
    }

    @Test
    void powerLevelsWithStringLevels_areBadJson() {
        String roomId = createRoom(alice, JsonObject.EMPTY);

        var response = alice.client().put(V3 + "/rooms/" + enc(roomId) + "/state/m.room.power_levels/",
                JsonObject.builder().put("ban", JsonValue.of("50")).build());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errcode()).isEqualTo("M_BAD_JSON");
    }
}
