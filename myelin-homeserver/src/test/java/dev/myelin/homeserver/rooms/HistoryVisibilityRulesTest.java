package dev.myelin.homeserver.rooms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The boundary rules of {@link HistoryVisibility}, on a hand-built stream. */
class HistoryVisibilityRulesTest {
    private static final RoomId ROOM = RoomId.parse("!r:hs");
    private static final UserId OWNER = UserId.parse("@owner:hs");
    private static final UserId USER = UserId.parse("@user:hs");

    private final List<StoredEvent> stream = new ArrayList<>();

    private StoredEvent add(String type, Optional<String> stateKey, UserId sender, JsonObject content) {
        var event = new StoredEvent(stream.size() + 1, "$" + (stream.size() + 1), ROOM, type, stateKey, sender, 1, 1,
                JsonObject.builder().put("content", content).build());
        stream.add(event);
        return event;
    }

    private StoredEvent message() {
        return add("m.room.message", Optional.empty(), OWNER, JsonObject.builder().put("body", "x").build());
    }

    private StoredEvent visibility(String value) {
        return add("m.room.history_visibility", Optional.of(""), OWNER,
                JsonObject.builder().put("history_visibility", value).build());
    }

    private StoredEvent membership(String value) {
        return add("m.room.member", Optional.of(USER.toString()), OWNER,
                JsonObject.builder().put("membership", value).build());
    }

    private HistoryVisibility rules() {
        List<StoredEvent> visibilities = stream.stream().filter(e -> e.type().equals("m.room.history_visibility"))
                .toList();
        List<StoredEvent> memberships = stream.stream().filter(e -> e.type().equals("m.room.member")).toList();
        return HistoryVisibility.forTesting(USER, visibilities, memberships);
    }

    @Test
    void changeOfVisibility_isItselfVisibleUnderTheLessRestrictiveSide() {
        visibility("world_readable");
        StoredEvent toJoined = visibility("joined");
        StoredEvent hidden = message();
        membership("join");
        StoredEvent seen = message();

        HistoryVisibility rules = rules();

        assertThat(rules.test(toJoined)).isTrue();
        assertThat(rules.test(hidden)).isFalse();
        assertThat(rules.test(seen)).isTrue();
    }

    @Test
    void ownMembershipEvents_areVisible_andInvitedHistoryStartsAtTheInvite() {
        visibility("invited");
        StoredEvent before = message();
        StoredEvent invite = membership("invite");
        StoredEvent whileInvited = message();
        StoredEvent leave = membership("leave");
        StoredEvent afterLeave = message();

        HistoryVisibility rules = rules();

        assertThat(rules.test(before)).isFalse();
        assertThat(rules.test(invite)).isTrue();
        assertThat(rules.test(whileInvited)).isTrue();
        assertThat(rules.test(leave)).isTrue();
        assertThat(rules.test(afterLeave)).isFalse();
        assertThat(rules.mayRead()).isTrue();
    }

    @Test
    void unknownVisibilityValues_countAsShared_andANeverMemberMayNotRead() {
        visibility("nonsense");
        StoredEvent shared = message();

        HistoryVisibility rules = rules();

        assertThat(rules.mayRead()).isFalse();
        assertThat(rules.test(shared)).isFalse();
    }
}
