package dev.myelin.client.rtc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.crypto.megolm.InboundRoomKeys;
import dev.myelin.crypto.megolm.OutboundRoomKey;
import dev.myelin.crypto.olm.DeviceIdentity;
import dev.myelin.crypto.olm.OlmAccount;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.FocusSelection;
import dev.myelin.protocol.rtc.MembershipContents;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.SlotId;
import dev.myelin.protocol.rtc.Transport;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The call state of an encrypted room: Megolm memberships, early ones held until their room key arrives. */
class RoomCallStateTest {
    private static final RoomId ROOM = RoomId.parse("!call:example.org");
    private static final UserId ALICE = UserId.parse("@alice:example.org");
    private final Random random = new Random(8);
    private final OlmAccount aliceAccount = OlmAccount.create(random);
    private final DeviceIdentity aliceDevice = new DeviceIdentity(ALICE.toString(), "ALICE",
            aliceAccount.curve25519Key(), aliceAccount.ed25519Key());
    private final InboundRoomKeys keys = new InboundRoomKeys(10);
    private final RoomCallState state = new RoomCallState(ROOM, SlotId.ROOM_CALL,
            event -> keys.decrypt(ROOM.value(), event.string("sender"), event.string("event_id"),
                    event.object("content")));

    @Test
    void encryptedStickyJoinBeforeItsRoomKey_isHeldThenCountsOnceTheKeyArrives_andAClearLeaveEndsIt() {
        var outbound = new OutboundRoomKey(ROOM.value(), OutboundRoomKey.Rotation.DEFAULTS, random);
        JsonObject roomKey = outbound.prepare(Set.of(), 0).roomKey();
        var own = new MembershipContents.Own(ALICE, DeviceId.of("ALICE"), "member-1", SlotId.ROOM_CALL,
                List.of(Transport.livekit("https://lk.example/livekit/jwt")), FocusSelection.MULTI_SFU,
                Optional.empty());
        JsonObject join = outbound.encrypt(MembershipReader.STICKY_TYPE, MembershipContents.stickyJoin(own));

        state.apply(sync(member(), event("$join", "m.room.encrypted", join, 1_000)), 1_000);
        assertThat(state.members(1_000)).isEmpty();
        assertThat(state.undecryptedCount()).isOne();

        assertThat(keys.add(roomKey, aliceDevice)).isTrue();
        state.retryUndecrypted();
        assertThat(state.undecryptedCount()).isZero();
        assertThat(state.members(1_100)).singleElement().satisfies(member -> {
            assertThat(member.sender()).isEqualTo(ALICE);
            assertThat(member.memberId()).isEqualTo("member-1");
        });

        state.apply(sync(event("$leave", MembershipReader.STICKY_TYPE, MembershipContents.stickyLeave(own), 2_000)),
                2_000);
        assertThat(state.members(2_000)).isEmpty();
    }

    @Test
    void encryptedEventInUnencryptedRoomState_isDropped() {
        var plain = new RoomCallState(ROOM, SlotId.ROOM_CALL);
        plain.apply(sync(member(), event("$x", "m.room.encrypted", JsonObject.builder()
                .put("algorithm", "m.megolm.v1.aes-sha2").put("session_id", "s").put("ciphertext", "c").build(),
                1)), 1);
        assertThat(plain.undecryptedCount()).isZero();
        assertThat(plain.members(1)).isEmpty();
    }

    private static JsonObject member() {
        return JsonObject.builder().put("type", "m.room.member").put("state_key", ALICE.toString())
                .put("sender", ALICE.toString()).put("event_id", "$member").put("origin_server_ts", 1)
                .put("content", JsonObject.builder().put("membership", "join").build()).build();
    }

    private static JsonObject event(String id, String type, JsonObject content, long ts) {
        return JsonObject.builder().put("type", type).put("sender", ALICE.toString()).put("event_id", id)
                .put("origin_server_ts", ts).put("content", content)
                .put("msc4354_sticky", JsonObject.builder().put("duration_ms", 3_600_000).build()).build();
    }

    private static JsonObject sync(JsonObject... timeline) {
        JsonObject room = JsonObject.builder().put("timeline", JsonObject.builder()
                .put("events", JsonValue.of(List.of(timeline))).build()).build();
        return JsonObject.builder().put("rooms", JsonObject.builder().put("join", JsonObject.builder()
                .put(ROOM.value(), room).build()).build()).build();
    }
}
