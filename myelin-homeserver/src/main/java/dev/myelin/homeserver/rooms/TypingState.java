package dev.myelin.homeserver.rooms;

import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Who is typing where: transient by nature, so in memory only (a restart forgets it, as every server does). Each
 * change, and each expiry noticed by {@link #expire}, gets a new serial, the typing part of sync tokens.
 */
public final class TypingState {
    static final long MAX_TIMEOUT_MS = 120_000;

    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<RoomId, Map<UserId, Long>> expiries = new ConcurrentHashMap<>();
    private final Map<RoomId, Long> changedAt = new ConcurrentHashMap<>();
    private long serial;

    public TypingState(InstantSource clock) {
        this.clock = clock;
    }

    /** Starts ({@code timeoutMs} > 0) or stops typing; returns true if the room's typing set changed. */
    boolean set(RoomId roomId, UserId user, boolean typing, long timeoutMs) {
        lock.lock();
        try {
            Map<UserId, Long> users = expiries.computeIfAbsent(roomId, k -> new ConcurrentHashMap<>());
            boolean changed = typing
                    ? users.put(user, clock.millis() + Math.min(MAX_TIMEOUT_MS, Math.max(0, timeoutMs))) == null
                    : users.remove(user) != null;
            if (changed) {
                changedAt.put(roomId, ++serial);
            }
            return changed;
        } finally {
            lock.unlock();
        }
    }

    /** Drops expired entries; true if any room changed (the caller wakes long-polls). */
    public boolean expire() {
        lock.lock();
        try {
            long now = clock.millis();
            boolean any = false;
            for (var room : expiries.entrySet()) {
                if (room.getValue().values().removeIf(expiry -> expiry <= now)) {
                    changedAt.put(room.getKey(), ++serial);
                    any = true;
                }
            }
            return any;
        } finally {
            lock.unlock();
        }
    }

    public long serial() {
        lock.lock();
        try {
            return serial;
        } finally {
            lock.unlock();
        }
    }

    /** The room's typing users if its set changed after the token's {@code since}, else empty. */
    Optional<List<UserId>> changedSince(RoomId roomId, long since) {
        lock.lock();
        try {
            long changed = changedAt.getOrDefault(roomId, 0L);
            // A token from before a restart can be ahead of the serial: then any known set is news.
            boolean news = since > serial ? changed > 0 : changed > since;
            if (!news) {
                return Optional.empty();
            }
            var users = new TreeMap<String, UserId>();
            expiries.getOrDefault(roomId, Map.of()).keySet().forEach(u -> users.put(u.toString(), u));
            return Optional.of(List.copyOf(users.values()));
        } finally {
            lock.unlock();
        }
    }
}
