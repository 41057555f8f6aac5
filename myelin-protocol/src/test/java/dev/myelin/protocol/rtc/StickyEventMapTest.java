package dev.myelin.protocol.rtc;

import static dev.myelin.protocol.rtc.RtcEvents.ALICE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.EventId;
import org.junit.jupiter.api.Test;

class StickyEventMapTest {
    private final StickyEventMap map = new StickyEventMap();

    private static ClientEvent keyed(String eventId, String stickyKey) {
        return ClientEvent.message(EventId.parse(eventId), MembershipReader.STICKY_TYPE, ALICE, RtcEvents.ROOM, 0,
                RtcEvents.stickyContent(ALICE, "A", stickyKey));
    }

    @Test
    void put_keepsTheEventThatExpiresLast() {
        var early = keyed("$b", "m1");
        var late = keyed("$a", "m1");

        assertThat(map.put(late, 2_000)).isTrue();
        assertThat(map.put(early, 1_000)).isFalse();
        assertThat(map.current()).containsExactly(late);
    }

    @Test
    void put_breaksExpiryTiesByHigherEventId() {
        map.put(keyed("$b", "m1"), 1_000);
        map.put(keyed("$a", "m1"), 1_000);

        assertThat(map.current()).extracting(ClientEvent::eventId).containsExactly(EventId.parse("$b"));
    }

    @Test
    void put_letsALeaveReplaceTheJoinSoALateOlderJoinCannotReturn() {
        var join = keyed("$join", "m1");
        var leave = ClientEvent.message(EventId.parse("$leave"), MembershipReader.STICKY_TYPE, ALICE, RtcEvents.ROOM, 5,
                JsonObject.builder().put("msc4354_sticky_key", "m1").build());

        map.put(join, 1_000);
        map.put(leave, 1_005);

        assertThat(map.put(keyed("$old", "m1"), 900)).isFalse();
        assertThat(map.current()).containsExactly(leave);
    }

    @Test
    void put_ignoresEventsWithoutAStickyKey() {
        var unkeyed = ClientEvent.message(EventId.parse("$x"), MembershipReader.STICKY_TYPE, ALICE, RtcEvents.ROOM, 0,
                JsonObject.EMPTY);

        assertThat(map.put(unkeyed, 1_000)).isFalse();
        assertThat(map.size()).isZero();
    }

    @Test
    void expire_dropsEventsWhoseStickinessEnded() {
        map.put(keyed("$a", "m1"), 1_000);
        map.put(keyed("$b", "m2"), 2_000);

        assertThat(map.nextExpiry()).contains(1_000L);
        assertThat(map.expire(1_000)).isTrue();
        assertThat(map.current()).extracting(ClientEvent::eventId).containsExactly(EventId.parse("$b"));
        assertThat(map.expire(1_500)).isFalse();
    }
}
