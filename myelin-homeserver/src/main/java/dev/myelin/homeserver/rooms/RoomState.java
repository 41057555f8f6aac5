package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.protocol.id.UserId;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The current state of a room, keyed by (type, state key), updated as events are appended. */
final class RoomState {
    private final Map<Key, StoredEvent> events = new LinkedHashMap<>();

    record Key(String type, String stateKey) {
    }

    RoomState(List<StoredEvent> current) {
        current.forEach(this::apply);
    }

    void apply(StoredEvent event) {
        event.stateKey().ifPresent(key -> events.put(new Key(event.type(), key), event));
    }

    Optional<StoredEvent> get(String type, String stateKey) {
        return Optional.ofNullable(events.get(new Key(type, stateKey)));
    }

    Collection<StoredEvent> all() {
        return events.values();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    /** "join", "invite", "leave", "ban", "knock", or "leave" when the user never had a membership. */
    String membership(UserId user) {
        return get("m.room.member", user.toString())
                .flatMap(event -> event.content().optionalString("membership"))
                .orElse("leave");
    }

    Optional<UserId> creator() {
        return get("m.room.create", "").map(StoredEvent::sender);
    }

    PowerLevels powerLevels() {
        return PowerLevels.of(get("m.room.power_levels", "").map(StoredEvent::content), creator());
    }

    String joinRule() {
        return get("m.room.join_rules", "").flatMap(e -> e.content().optionalString("join_rule")).orElse("invite");
    }
}
