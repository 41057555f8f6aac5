package dev.myelin.protocol.rtc;

import static dev.myelin.protocol.rtc.RtcEvents.ALICE;
import static dev.myelin.protocol.rtc.RtcEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.JsonValue;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionMembersTest {
    private static final UserId CAROL = UserId.parse("@carol:example.org");

    private static List<RtcMembership> compute(List<ClientEvent> sticky, List<ClientEvent> legacy, long now) {
        return SessionMembers.compute(SlotId.ROOM_CALL, sticky, legacy, false, user -> !user.equals(CAROL), now);
    }

    @Test
    void compute_ordersOldestFirstAcrossDialects() {
        var legacyBob = RtcEvents.legacy(BOB, "B", 300, RtcEvents.legacyContent("B"));
        var stickyAlice = RtcEvents.sticky(ALICE, 200, RtcEvents.stickyContent(ALICE, "A", "m1"));

        var members = compute(List.of(stickyAlice), List.of(legacyBob), 1_000);

        assertThat(members).extracting(RtcMembership::sender).containsExactly(ALICE, BOB);
    }

    @Test
    void compute_breaksTiesInFavourOfStickyMembers() {
        var legacyBob = RtcEvents.legacy(BOB, "B", 200, RtcEvents.legacyContent("B"));
        var stickyAlice = RtcEvents.sticky(ALICE, 200, RtcEvents.stickyContent(ALICE, "A", "m1"));

        var members = compute(List.of(stickyAlice), List.of(legacyBob), 1_000);

        assertThat(members).extracting(RtcMembership::sender).containsExactly(ALICE, BOB);
    }

    @Test
    void compute_dropsExpiredLeftOtherSlotAndNonJoinedMembers() {
        var expired = RtcEvents.legacy(BOB, "B", 0, RtcEvents.legacyContent("B").with("expires", JsonValue.of(100)));
        var left = RtcEvents.legacy(ALICE, "A", 0, dev.myelin.json.JsonObject.EMPTY);
        var otherSlot = RtcEvents.sticky(ALICE, 0,
                RtcEvents.stickyContent(ALICE, "A2", "m2").with("slot_id", JsonValue.of("m.call#other")));
        var notJoined = RtcEvents.sticky(CAROL, 0, RtcEvents.stickyContent(CAROL, "C", "m3"));

        assertThat(compute(List.of(otherSlot, notJoined), List.of(expired, left), 100)).isEmpty();
        assertThat(compute(List.of(), List.of(expired), 99)).hasSize(1);
    }

    @Test
    void compute_letsAStickyEventShadowALegacyEventWithItsStateKey() {
        var legacy = RtcEvents.legacy(ALICE, "A", 0, RtcEvents.legacyContent("A"));
        String stateKey = legacy.stateKey().orElseThrow();
        var stickyLeave = RtcEvents.sticky(ALICE, 5,
                dev.myelin.json.JsonObject.builder().put("msc4354_sticky_key", stateKey).build());

        assertThat(compute(List.of(stickyLeave), List.of(legacy), 10)).isEmpty();
        assertThat(compute(List.of(), List.of(legacy), 10)).hasSize(1);
    }

    @Test
    void compute_ignoresStickyMembersOfAClosedSlot() {
        var sticky = RtcEvents.sticky(ALICE, 0, RtcEvents.stickyContent(ALICE, "A", "m1"));
        var legacy = RtcEvents.legacy(BOB, "B", 0, RtcEvents.legacyContent("B"));

        var members = SessionMembers.compute(SlotId.ROOM_CALL, List.of(sticky), List.of(legacy), true, u -> true, 1);

        assertThat(members).extracting(RtcMembership::sender).containsExactly(BOB);
    }

    @Test
    void own_matchesUserAndDeviceNotMemberId() {
        var members = compute(List.of(RtcEvents.sticky(ALICE, 0, RtcEvents.stickyContent(ALICE, "A", "m1"))),
                List.of(), 1);

        assertThat(SessionMembers.own(members, ALICE, "A")).isPresent();
        assertThat(SessionMembers.own(members, ALICE, "m1")).isEmpty();
    }

    @Test
    void changed_comparesLengthAndContentsOnly() {
        var one = compute(List.of(), List.of(RtcEvents.legacy(BOB, "B", 0, RtcEvents.legacyContent("B"))), 1);
        var sameContentNewEvent = compute(List.of(),
                List.of(RtcEvents.legacy(BOB, "B", 0, RtcEvents.legacyContent("B"))), 1);
        var otherContent = compute(List.of(), List.of(RtcEvents.legacy(BOB, "B", 0,
                RtcEvents.legacyContent("B").with("m.call.intent", JsonValue.of("audio")))), 1);

        assertThat(SessionMembers.changed(one, sameContentNewEvent)).isFalse();
        assertThat(SessionMembers.changed(one, otherContent)).isTrue();
        assertThat(SessionMembers.changed(one, List.of())).isTrue();
    }

    @Test
    void callIntent_isTheCommonValueOrEmpty() {
        var video = compute(List.of(), List.of(RtcEvents.legacy(BOB, "B", 0, RtcEvents.legacyContent("B"))), 1);
        var mixed = compute(List.of(), List.of(RtcEvents.legacy(BOB, "B", 0, RtcEvents.legacyContent("B")),
                RtcEvents.legacy(ALICE, "A", 0, RtcEvents.legacyContent("A").with("m.call.intent",
                        JsonValue.of("audio")))), 1);

        assertThat(SessionMembers.callIntent(video)).contains("video");
        assertThat(SessionMembers.callIntent(mixed)).isEmpty();
        assertThat(SessionMembers.nextExpiry(video)).contains(14_400_000L);
    }
}
