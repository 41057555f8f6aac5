package dev.myelin.crypto.megolm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Remembers which event each (session, message index) decrypted for, so that a Megolm message replayed under another
 * event id is refused (the spec's replay check). Bounded: beyond {@code capacity} entries the oldest are forgotten.
 * Not thread safe.
 */
public final class ReplayGuard {
    private record Key(String sessionId, long messageIndex) {
    }

    private final int capacity;
    private final LinkedHashMap<Key, String> seen;

    public ReplayGuard(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
        this.seen = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
                return size() > ReplayGuard.this.capacity;
            }
        };
    }

    /**
     * Records that {@code eventId} decrypted at {@code messageIndex} of {@code sessionId}; throws
     * {@link MegolmException} if that index already decrypted a different event. The same event twice is fine.
     */
    public void check(String sessionId, long messageIndex, String eventId) {
        Objects.requireNonNull(eventId, "eventId");
        String earlier = seen.putIfAbsent(new Key(sessionId, messageIndex), eventId);
        if (earlier != null && !earlier.equals(eventId)) {
            throw new MegolmException("Megolm message index " + messageIndex + " replayed in another event");
        }
    }
}
