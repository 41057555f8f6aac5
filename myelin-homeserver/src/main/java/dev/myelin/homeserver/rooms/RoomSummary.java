package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.UserId;
import java.util.Comparator;
import java.util.List;

/**
 * A joined room's {@code summary} in {@code /sync}: member counts, and when the room has neither a name nor a
 * canonical alias, up to five "heroes" (other joined or invited members, earliest membership first; former members
 * if there are none) from which clients name it, as a lazy-loading client must since it lacks the member list.
 */
final class RoomSummary {
    static final int MAX_HEROES = 5;

    private RoomSummary() {
    }

    static JsonObject of(List<StoredEvent> currentState, UserId viewer) {
        List<StoredEvent> members = currentState.stream().filter(e -> e.type().equals("m.room.member")).toList();
        long joined = members.stream().filter(e -> membership(e).equals("join")).count();
        long invited = members.stream().filter(e -> membership(e).equals("invite")).count();
        var summary = JsonObject.builder().put("m.joined_member_count", joined).put("m.invited_member_count", invited);
        boolean named = currentState.stream().anyMatch(e -> e.stateKey().filter(""::equals).isPresent()
                && (e.type().equals("m.room.name") && e.content().lenientString("name").filter(n -> !n.isEmpty())
                        .isPresent()
                        || e.type().equals("m.room.canonical_alias")
                        && e.content().lenientString("alias").isPresent()));
        if (!named) {
            List<StoredEvent> others = members.stream()
                    .filter(e -> !e.stateKey().orElse("").equals(viewer.toString()))
                    .sorted(Comparator.comparingLong(StoredEvent::streamOrdering)).toList();
            List<StoredEvent> present = others.stream()
                    .filter(e -> membership(e).equals("join") || membership(e).equals("invite")).toList();
            List<String> heroes = (present.isEmpty() ? others : present).stream().limit(MAX_HEROES)
                    .map(e -> e.stateKey().orElseThrow()).toList();
            summary.put("m.heroes", JsonValue.ofStrings(heroes));
        }
        return summary.build();
    }

    private static String membership(StoredEvent event) {
        return event.content().lenientString("membership").orElse("leave");
    }
}
