package dev.myelin.protocol.rtc;

import static dev.myelin.protocol.rtc.RtcEvents.ALICE;
import static dev.myelin.protocol.rtc.RtcEvents.BOB;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.rtc.MembershipReading.Joined;
import dev.myelin.protocol.rtc.RingNotification.Reading;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Ring notifications, declines, reactions, raised hands and call history. */
class CallEventsTest {
    private static final JsonObject RING = Json.parseObject("""
            {"slot_id":"m.call#ROOM","m.mentions":{"user_ids":[],"room":true},"notification_type":"ring",
             "m.relates_to":{"rel_type":"m.reference","event_id":"$ownMembershipEvent"},
             "sender_ts":1767225600000,"lifetime":90000,"msc4354_sticky_key":"m.call#ROOM","m.call.intent":"video"}""");
    private static final RingStatus.Context BOB_CAN_RING =
            new RingStatus.Context(BOB, true, true, false, false, true);

    private static Reading read(JsonObject content, long originServerTs) {
        var event = ClientEvent.message(EventId.parse("$ring"), RingNotification.TYPE, ALICE, RtcEvents.ROOM,
                originServerTs, content);
        return RingNotification.read(event, id -> Optional.empty());
    }

    private static RingNotification valid(JsonObject content, long originServerTs) {
        return ((Reading.Valid) read(content, originServerTs)).notification();
    }

    @Test
    void ring_readsTheSheetExampleAndRingsForItsLifetime() {
        RingNotification ring = valid(RING, 1767225600500L);

        assertThat(ring.ring()).isTrue();
        assertThat(ring.slot()).isEqualTo(SlotId.ROOM_CALL);
        assertThat(ring.callIntent()).contains("video");
        assertThat(ring.ringsUntil()).isEqualTo(1767225600000L + 90_000);
        assertThat(RingStatus.of(ring, BOB_CAN_RING, 1767225600000L + 89_999)).isEqualTo(RingStatus.RINGING);
        assertThat(RingStatus.of(ring, BOB_CAN_RING, 1767225600000L + 90_000)).isEqualTo(RingStatus.EXPIRED);
    }

    @Test
    void ring_fromASenderClockFarAhead_isTimedFromTheServerAndCappedAtTwoMinutes() {
        RingNotification ring = valid(RING.with("lifetime", JsonValue.of(600_000)), 1767225500000L);

        assertThat(ring.ringsUntil()).isEqualTo(1767225500000L + 120_000);
    }

    @Test
    void ring_withoutSlotIdResolvesItThroughTheRelatedMembership() {
        var membership = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "A", 1,
                RtcEvents.legacyContent("A")))).membership();
        var event = ClientEvent.message(EventId.parse("$ring"), RingNotification.TYPE, ALICE, RtcEvents.ROOM, 1,
                RING.without("slot_id"));

        var reading = RingNotification.read(event, id -> Optional.of(membership));

        assertThat(reading).isInstanceOfSatisfying(Reading.Valid.class,
                valid -> assertThat(valid.notification().slot()).isEqualTo(SlotId.ROOM_CALL));
        assertThat(RingNotification.read(event, id -> Optional.empty())).isInstanceOf(Reading.Ignored.class);
    }

    @Test
    void ring_malformedOrWithdrawnNotificationsDoNotRing() {
        assertThat(read(JsonObject.builder().put("msc4354_sticky_key", "m.call#ROOM").build(), 1))
                .isInstanceOf(Reading.Withdrawn.class);
        assertThat(read(RING.with("msc4354_sticky_key", JsonValue.of("other")), 1)).isInstanceOf(Reading.Ignored.class);
        assertThat(read(RING.with("lifetime", JsonValue.of(-1)), 1)).isInstanceOf(Reading.Ignored.class);
        assertThat(read(RING.with("sender_ts", JsonValue.of("1")), 1)).isInstanceOf(Reading.Ignored.class);
        assertThat(read(RING.with("m.mentions", Json.parse("{\"user_ids\":[]}")), 1))
                .isInstanceOf(Reading.Ignored.class);
    }

    @Test
    void ringStatus_appliesTheReceiverChecks() {
        RingNotification ring = valid(RING, 1767225600000L);
        long now = 1767225600000L + 1_000;

        assertThat(RingStatus.of(ring, new RingStatus.Context(ALICE, true, true, false, false, true), now))
                .isEqualTo(RingStatus.OWN_NOTIFICATION);
        assertThat(RingStatus.of(ring, new RingStatus.Context(BOB, false, true, false, false, true), now))
                .isEqualTo(RingStatus.SLOT_NOT_OPEN);
        assertThat(RingStatus.of(ring, new RingStatus.Context(BOB, true, false, false, false, true), now))
                .isEqualTo(RingStatus.NOT_ADDRESSED);
        assertThat(RingStatus.of(ring, new RingStatus.Context(BOB, true, true, true, false, true), now))
                .isEqualTo(RingStatus.ALREADY_IN_CALL);
        assertThat(RingStatus.of(ring, new RingStatus.Context(BOB, true, true, false, true, true), now))
                .isEqualTo(RingStatus.DECLINED);
        assertThat(RingStatus.of(ring, new RingStatus.Context(BOB, true, true, false, false, false), now))
                .isEqualTo(RingStatus.NOT_CURRENT);
    }

    @Test
    void ringStatus_mentionedUserRingsEvenWhenTheSenderMayNotNotifyTheRoom() {
        RingNotification ring = valid(RING.with("m.mentions",
                Json.parse("{\"user_ids\":[\"@bob:example.org\"]}")), 1767225600000L);

        assertThat(RingStatus.of(ring, new RingStatus.Context(BOB, true, false, false, false, true),
                1767225600001L)).isEqualTo(RingStatus.RINGING);
    }

    @Test
    void declineContent_referencesAndKeysTheNotification() {
        assertThat(Json.write(valid(RING, 1).declineContent())).isEqualTo(
                "{\"m.relates_to\":{\"rel_type\":\"m.reference\",\"event_id\":\"$ring\"},"
                        + "\"msc4354_sticky_key\":\"$ring\"}");
    }

    @Test
    void reaction_countsOnlyOnTheSendersCurrentMembershipWithAKnownNameOrGeneric() {
        JsonObject content = Json.parseObject("""
                {"m.relates_to":{"rel_type":"m.reference","event_id":"$member"},"emoji":"👏👏","name":"clapping"}""");
        var event = ClientEvent.message(EventId.parse("$r"), CallReaction.TYPE, ALICE, RtcEvents.ROOM, 1, content);
        var unknown = ClientEvent.message(EventId.parse("$r2"), CallReaction.TYPE, ALICE, RtcEvents.ROOM, 1,
                content.with("name", JsonValue.of("nope")));

        assertThat(CallReaction.read(event, Optional.of(EventId.parse("$member"))))
                .hasValueSatisfying(reaction -> {
                    assertThat(reaction.emoji()).isEqualTo("👏");
                    assertThat(reaction.name()).isEqualTo("clapping");
                });
        assertThat(CallReaction.read(event, Optional.of(EventId.parse("$older")))).isEmpty();
        assertThat(CallReaction.read(unknown, Optional.of(EventId.parse("$member"))).orElseThrow().name())
                .isEqualTo("generic");
    }

    @Test
    void raisedHand_isAnAnnotationWithTheHandOnTheCurrentMembership() {
        var hand = ClientEvent.message(EventId.parse("$h"), "m.reaction", ALICE, RtcEvents.ROOM, 1, Json.parseObject(
                "{\"m.relates_to\":{\"rel_type\":\"m.annotation\",\"event_id\":\"$member\",\"key\":\"🖐️\"}}"));

        assertThat(CallReaction.isRaisedHand(hand, Optional.of(EventId.parse("$member")))).isTrue();
        assertThat(CallReaction.isRaisedHand(hand, Optional.of(EventId.parse("$resent")))).isFalse();
    }

    @Test
    void callHistory_startsWithTheFirstMemberAndEndsWhenTheLastLeaves() {
        var history = new CallHistory();
        var alice = ((Joined) MembershipReader.read(RtcEvents.legacy(ALICE, "A", 1_000,
                RtcEvents.legacyContent("A")))).membership();

        var started = history.onMembers(List.of(alice), 1_200).orElseThrow();
        assertThat(history.onMembers(List.of(alice), 5_000)).isEmpty();
        var ended = history.onMembers(List.of(), 61_000).orElseThrow();

        assertThat(started.startedAt()).isEqualTo(1_000);
        assertThat(started.startedBy()).isEqualTo(ALICE);
        assertThat(ended.durationMs()).contains(60_000L);
        assertThat(history.current()).isEmpty();
    }
}
