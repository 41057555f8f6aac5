package dev.myelin.protocol.rtc;

import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.event.ClientEvent;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One room's current sticky events (MSC4354 receiver rules): events are keyed by (sender, type, sticky key); for a
 * key the event that expires last wins, ties going to the higher event id. A leave (content with only the key) wins
 * like any event, so a late older join cannot resurrect a member. Expired events drop out on {@link #expire}.
 * Not thread-safe: owned by one session runtime.
 */
public final class StickyEventMap {
    private record Key(UserId sender, String type, String stickyKey) {
    }

    private record Entry(ClientEvent event, long expiresAt) {
        boolean beats(Entry other) {
            if (expiresAt != other.expiresAt) {
                return expiresAt > other.expiresAt;
            }
            return event.eventId().value().compareTo(other.event.eventId().value()) > 0;
        }
    }

    private final Map<Key, Entry> entries = new HashMap<>();

    /**
     * Files a sticky event that stays sticky until {@code expiresAt} (local clock, milliseconds).
     *
     * @return whether the current events changed
     */
    public boolean put(ClientEvent event, long expiresAt) {
        Optional<String> stickyKey = stickyKeyOf(event);
        if (stickyKey.isEmpty()) {
            return false;
        }
        var key = new Key(event.sender(), event.type(), stickyKey.get());
        var candidate = new Entry(event, expiresAt);
        Entry current = entries.get(key);
        if (current != null && !candidate.beats(current)) {
            return false;
        }
        entries.put(key, candidate);
        return true;
    }

    /** Drops events whose stickiness ended at or before {@code now}; returns whether any were dropped. */
    public boolean expire(long now) {
        return entries.values().removeIf(entry -> entry.expiresAt() <= now);
    }

    /** The earliest expiry among current events, for arming the next timer. */
    public Optional<Long> nextExpiry() {
        return entries.values().stream().map(Entry::expiresAt).min(Long::compare);
    }

    /** The current winning event of each key. */
    public List<ClientEvent> current() {
        var events = new ArrayList<ClientEvent>(entries.size());
        entries.values().forEach(entry -> events.add(entry.event()));
        return events;
    }

    /** The current winning events of one type. */
    public List<ClientEvent> current(String type) {
        Objects.requireNonNull(type, "type");
        return current().stream().filter(event -> event.type().equals(type)).toList();
    }

    public int size() {
        return entries.size();
    }

    private static Optional<String> stickyKeyOf(ClientEvent event) {
        try {
            return StickyMembershipReader.stickyKey(event.content());
        } catch (JsonShapeException conflictingKeys) {
            return Optional.empty();
        }
    }
}
