package dev.myelin.crypto.keyshare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.keyshare.InboundCallKeys.Verdict;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.rtc.MembershipReader;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.RtcMembership;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class InboundCallKeysTest {
    private static final RoomId ROOM = RoomId.parse("!room:example.org");
    private static final UserId ALICE = UserId.parse("@alice:example.org");
    private static final UserId MALLORY = UserId.parse("@mallory:example.org");

    private final InboundCallKeys keys = new InboundCallKeys(ROOM, true, 60_000, 100);

    private static RtcMembership aliceMember() {
        JsonObject content = Json.parseObject("""
                {"application":"m.call","call_id":"","scope":"m.room","device_id":"AAAAAAA",
                 "focus_active":{"type":"livekit","focus_selection":"oldest_membership"},
                 "foci_preferred":[{"type":"livekit","livekit_service_url":"https://lk"}]}""");
        var event = ClientEvent.state(EventId.parse("$m"), MembershipReader.LEGACY_TYPE,
                "_@alice:example.org_AAAAAAA_m.call", ALICE, ROOM, 1, content);
        return ((Joined) MembershipReader.read(event)).membership();
    }

    private static CallKeyContent content(String claimedDevice, int index, long sentTs) {
        return new CallKeyContent(ROOM, ALICE + ":" + claimedDevice, claimedDevice,
                new MediaKey(index, SecretBytes.copyOf(new byte[16])), sentTs);
    }

    @Test
    void keyFromTheMembersOwnOlmDevice_isInstalledUnderItsLiveKitIdentity() {
        var verdict = keys.receive(new ReceivedCallKey(ALICE, Optional.of("AAAAAAA"), content("AAAAAAA", 3, 10)),
                List.of(aliceMember()), 0);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Install.class, install -> {
            assertThat(install.identity()).isEqualTo("@alice:example.org:AAAAAAA");
            assertThat(install.key().index()).isEqualTo(3);
        });
    }

    @Test
    void cleartextKeyInAnEncryptedRoom_isDropped() {
        var verdict = keys.receive(new ReceivedCallKey(ALICE, Optional.empty(), content("AAAAAAA", 0, 1)),
                List.of(aliceMember()), 0);

        assertThat(verdict).isInstanceOf(Verdict.Dropped.class);
    }

    @Test
    void keyClaimingADeviceOtherThanItsOlmSender_isDropped() {
        var verdict = keys.receive(new ReceivedCallKey(ALICE, Optional.of("EVILDEV"), content("AAAAAAA", 0, 1)),
                List.of(aliceMember()), 0);

        assertThat(verdict).isInstanceOfSatisfying(Verdict.Dropped.class,
                dropped -> assertThat(dropped.reason()).contains("not the Olm sender device"));
    }

    @Test
    void keyFromAnotherUserClaimingAMembersDevice_neverInstalls() {
        var verdict = keys.receive(new ReceivedCallKey(MALLORY, Optional.of("AAAAAAA"), content("AAAAAAA", 0, 1)),
                List.of(aliceMember()), 0);

        assertThat(verdict).isInstanceOf(Verdict.Held.class);
        assertThat(keys.onMembersChanged(List.of(aliceMember()), 1)).isEmpty();
    }

    @Test
    void keyBeforeItsMembership_isHeldAndInstalledWhenTheMembershipArrives() {
        var received = new ReceivedCallKey(ALICE, Optional.of("AAAAAAA"), content("AAAAAAA", 1, 5));

        assertThat(keys.receive(received, List.of(), 0)).isInstanceOf(Verdict.Held.class);
        assertThat(keys.onMembersChanged(List.of(aliceMember()), 1_000)).singleElement()
                .satisfies(install -> assertThat(install.key().index()).isEqualTo(1));
        assertThat(keys.heldCount()).isZero();
    }

    @Test
    void heldKeys_expireAndAreBounded() {
        var bounded = new InboundCallKeys(ROOM, true, 10_000, 2);
        for (int i = 0; i < 3; i++) {
            bounded.receive(new ReceivedCallKey(ALICE, Optional.of("AAAAAAA"), content("AAAAAAA", i, i)), List.of(), 0);
        }

        assertThat(bounded.heldCount()).isEqualTo(2);
        assertThat(bounded.onMembersChanged(List.of(), 10_001)).isEmpty();
        assertThat(bounded.heldCount()).isZero();
    }

    @Test
    void olderKeyForAnOccupiedSlot_isDropped() {
        keys.receive(new ReceivedCallKey(ALICE, Optional.of("AAAAAAA"), content("AAAAAAA", 0, 200)),
                List.of(aliceMember()), 0);

        var stale = keys.receive(new ReceivedCallKey(ALICE, Optional.of("AAAAAAA"), content("AAAAAAA", 0, 100)),
                List.of(aliceMember()), 1);

        assertThat(stale).isInstanceOf(Verdict.Dropped.class);
    }

    @Test
    void keyForAnotherRoom_isDropped() {
        var other = new CallKeyContent(RoomId.parse("!other:example.org"), "m", "AAAAAAA",
                new MediaKey(0, SecretBytes.copyOf(new byte[16])), 0);

        assertThat(keys.receive(new ReceivedCallKey(ALICE, Optional.of("AAAAAAA"), other), List.of(aliceMember()), 0))
                .isInstanceOf(Verdict.Dropped.class);
    }

    @Test
    void content_roundTripsAndReadsLenientBase64() {
        var original = new CallKeyContent(ROOM, "member-1", "AAAAAAA",
                new MediaKey(7, SecretBytes.copyOf(new byte[] {-5, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13})),
                1767225600123L);
        JsonObject json = original.toJson();
        JsonObject urlSafeUnpadded = json.with("keys", Json.parse("{\"index\":7,\"key\":\"-_8AAQIDBAUGBwgJCgsMDQ\"}"));

        assertThat(CallKeyContent.parse(json, ALICE).key()).isEqualTo(original.key());
        assertThat(CallKeyContent.parse(urlSafeUnpadded, ALICE).key()).isEqualTo(original.key());
        assertThat(json.object("keys").string("key")).isEqualTo("+/8AAQIDBAUGBwgJCgsMDQ==");
        assertThat(CallKeyContent.parse(json.without("member").with("member",
                Json.parse("{\"claimed_device_id\":\"DEV\"}")), ALICE).memberId()).isEqualTo("@alice:example.org:DEV");
    }

    @Test
    void content_rejectsIndicesOutsideTheRingAndEmptyKeys() {
        JsonObject json = content("AAAAAAA", 0, 0).toJson();

        assertThatThrownBy(() -> CallKeyContent.parse(json.with("keys",
                Json.parse("{\"index\":256,\"key\":\"AAAA\"}")), ALICE)).isInstanceOf(JsonShapeException.class);
        assertThatThrownBy(() -> CallKeyContent.parse(json.with("keys",
                Json.parse("{\"index\":1,\"key\":\"\"}")), ALICE)).isInstanceOf(JsonShapeException.class);
        assertThatThrownBy(() -> CallKeyContent.parse(json.with("keys",
                Json.parse("{\"index\":1,\"key\":\"!!\"}")), ALICE)).isInstanceOf(JsonShapeException.class);
    }
}
