package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.UserId;
import dev.myelin.protocol.id.RoomId;
import java.util.List;
import java.util.Map;

/**
 * A joined room's {@code summary} in {@code /sync}: member counts, and when the room has neither a name nor a
 * canonical alias, up to five "heroes" (other joined or invited members, earliest membership first; former members
 * if there are none) from which clients name it, as a lazy-loading client must since it lacks the member list.
 */
final class RoomSummary {
    static final int MAX_HEROES = 5;
    /** The state the summary is made of. */
    static final List<String> SOURCES = List.of("m.room.member", "m.room.name", "m.room.canonical_alias");

    private RoomSummary() {
    }

    /** Read with a few small queries, not from the whole state: every woken sync of every member asks for it. */
    static JsonObject of(Repositories repositories, RoomId roomId, UserId viewer) {
        Map<String, Long> counts = repositories.events().membershipCounts(roomId);
        var summary = JsonObject.builder().put("m.joined_member_count", counts.getOrDefault("join", 0L))
                .put("m.invited_member_count", counts.getOrDefault("invite", 0L));
        boolean named = repositories.events().currentState(roomId, "m.room.name", "")
                .flatMap(e -> e.content().lenientString("name")).filter(n -> !n.isEmpty()).isPresent()
                || repositories.events().currentState(roomId, "m.room.canonical_alias", "")
                        .flatMap(e -> e.content().lenientString("alias")).isPresent();
        if (!named) {
            List<UserId> heroes = repositories.events().membersByAge(roomId, viewer, true, MAX_HEROES);
            if (heroes.isEmpty()) {
                heroes = repositories.events().membersByAge(roomId, viewer, false, MAX_HEROES);
            }
            summary.put("m.heroes", JsonValue.ofStrings(heroes.stream().map(UserId::toString).toList()));
        }
        return summary.build();
    }
}
