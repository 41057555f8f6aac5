package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.rooms.StickyPosition.CatchUp;
import dev.myelin.homeserver.rooms.StickySection.JoinedRoom;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.protocol.id.RoomId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The sticky part of the next token when a response could not carry everything owed (see {@link StickySection}
 * for why this delivers each sticky event exactly once).
 */
final class StickyCursors {
    private final Repositories repositories;
    private final StickyPosition from;
    private final long since;
    private final long position;
    private final long now;

    StickyCursors(Repositories repositories, StickyPosition from, long since, long position, long now) {
        this.repositories = repositories;
        this.from = from;
        this.since = since;
        this.position = position;
        this.now = now;
    }

    /**
     * @param cut everything owed at or below it is settled (carried or skipped) by this response
     * @param joinedSince rooms joined after the since token: they started from cursor 0
     * @param fetched the owed and new sticky events this response looked at, all of them up to {@code safeUpTo}
     */
    StickyPosition advance(long cut, List<JoinedRoom> rooms, Set<RoomId> joinedSince, List<StoredEvent> fetched,
            long safeUpTo) {
        long global = Math.max(from.cursor(), cut);
        List<CatchUp> catchUps = new ArrayList<>();
        for (CatchUp catchUp : from.catchUps()) {
            long moved = Math.max(catchUp.from(), cut);
            boolean stillJoined = rooms.stream().anyMatch(room -> catchUp.covers(room.joinedAt()));
            if (moved < global && stillJoined) {
                catchUps.add(new CatchUp(moved, catchUp.joinedAfter(), catchUp.joinedUpTo()));
            }
        }
        if (!joinedSince.isEmpty() && cut < global) {
            catchUps.add(new CatchUp(cut, since, position));
        }
        StickyPosition cursors = new StickyPosition(global, bounded(catchUps), List.of());
        return new StickyPosition(global, cursors.catchUps(),
                delivered(cursors, rooms, joinedSince, fetched, safeUpTo));
    }

    /** Consecutive catch-ups with the same cursor merge; past the bound the newest merge (their rooms may repeat). */
    private static List<CatchUp> bounded(List<CatchUp> catchUps) {
        catchUps.sort(Comparator.comparingLong(CatchUp::joinedAfter));
        List<CatchUp> merged = new ArrayList<>();
        for (CatchUp next : catchUps) {
            CatchUp last = merged.isEmpty() ? null : merged.getLast();
            if (last != null && last.joinedUpTo() == next.joinedAfter() && last.from() == next.from()) {
                merged.set(merged.size() - 1, new CatchUp(last.from(), last.joinedAfter(), next.joinedUpTo()));
            } else {
                merged.add(next);
            }
        }
        while (merged.size() > StickyPosition.MAX_CATCH_UPS) {
            CatchUp newest = merged.removeLast();
            CatchUp before = merged.removeLast();
            merged.add(new CatchUp(Math.min(before.from(), newest.from()), before.joinedAfter(),
                    newest.joinedUpTo()));
        }
        return merged;
    }

    /**
     * Positions above their room's new cursor that are delivered: those listed before (unless their room was just
     * joined again, which owes them anew, or they expired) and the sticky events this response's timelines carried.
     * The lowest are kept when there are too many: the cursors reach those first.
     */
    private List<Long> delivered(StickyPosition cursors, List<JoinedRoom> rooms, Set<RoomId> joinedSince,
            List<StoredEvent> fetched, long safeUpTo) {
        Map<Long, RoomId> roomAt = new HashMap<>();
        fetched.forEach(e -> roomAt.put(e.streamOrdering(), e.roomId()));
        TreeSet<Long> delivered = new TreeSet<>();
        long floor = cursors.floor();
        for (long listed : from.delivered()) {
            RoomId room = roomAt.get(listed);
            boolean known = room != null || listed <= safeUpTo;
            boolean rejoined = room != null ? joinedSince.contains(room)
                    : !known && joinedSince.stream().anyMatch(joined -> isStickyEventOf(joined, listed));
            // Not fetched though in the range looked at: expired (or in a room no longer joined).
            if (listed > floor && (room != null || !known) && !rejoined) {
                delivered.add(listed);
            }
        }
        for (JoinedRoom room : rooms) {
            long cursor = cursors.cursorFor(room.joinedAt());
            for (StoredEvent event : room.timeline()) {
                if (event.streamOrdering() > cursor && event.stickyExpiresTs().orElse(Long.MIN_VALUE) > now) {
                    delivered.add(event.streamOrdering());
                }
            }
        }
        return delivered.stream().limit(StickyPosition.MAX_DELIVERED).toList();
    }

    private boolean isStickyEventOf(RoomId roomId, long streamPosition) {
        return !repositories.events().sticky(roomId, streamPosition - 1, streamPosition, now, 1).isEmpty();
    }
}
