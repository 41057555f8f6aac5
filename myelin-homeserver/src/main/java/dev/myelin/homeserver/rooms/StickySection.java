package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code msc4354_sticky} section of {@code /sync} (MSC4354): every unexpired sticky event of a joined room
 * reaches the client exactly once, in a timeline or in this section, at most {@link #LIMIT} of them here per
 * response, oldest first across the user's rooms.
 *
 * <p>What is still owed lives in the since token ({@link StickyPosition}): per room a cursor (its sticky events after
 * it are owed), less the positions listed as already carried by a timeline. A response walks the owed events of every
 * joined room, together with the new ones up to its own position, in stream order: it skips those its own timeline
 * carries, those listed and those of ignored senders, and carries the others until it has {@link #LIMIT}; the walk
 * stops at a cut, and everything at or below it is settled. If nothing is left, the next token's sticky part is the
 * response's position (the older one-number form). Otherwise ({@link StickyCursors}):
 * <ul>
 * <li>a cursor below the cut moves up to it; the others stay, so a newly joined room's old events paged first never
 * move other rooms' cursors back (which would repeat their events);</li>
 * <li>a room joined since the since token starts at cursor 0 (all its unexpired sticky events, whatever the history
 * visibility and whatever an earlier membership got); if the cut leaves it below the global cursor, its cursor is
 * kept as a catch-up keyed by the position range of those joins (rooms joined at once share it);</li>
 * <li>the sticky events this response's timelines carried above their room's new cursor are listed, so a later walk
 * skips them. A list rather than a "timeline floor" position: timelines of rooms that were not cut short carry
 * sticky events interleaved with owed ones of other rooms (and a narrowing timeline filter leaves owed ones between
 * carried ones of the same room), so no single position separates carried from owed.</li>
 * </ul>
 * Every owed event is above its room's cursor and not listed, so it is carried when a walk reaches it (unless it
 * expired first); nothing at or below a cursor, nor listed, is carried again. The token stays bounded: at most
 * {@link StickyPosition#MAX_CATCH_UPS} catch-ups (catch-ups with equal cursors merge, and one whose cursor reaches
 * the global one ends) and {@link StickyPosition#MAX_DELIVERED} listed positions (needed only while more than a
 * whole response is owed, and only for still-sticky events). Past those bounds, which need hundreds of owed events
 * together with many joins or many sticky timeline events at once, the surplus errs towards repeating events (clients
 * key them by event id) rather than losing them.
 */
final class StickySection {
    /** MSC4354: at most this many sticky events per response (so per room too). */
    static final int LIMIT = 100;
    static final String IGNORED_USERS = "m.ignored_user_list";

    /**
     * A joined room of this response: what its timeline carries and {@code joinedAt}, the position of the user's
     * current membership event; {@link #collect} moves it back to where the membership began (the first of the join
     * events in a row that ends with the current one: a profile change is not a new join).
     */
    record JoinedRoom(RoomId roomId, List<StoredEvent> timeline, long joinedAt) {
    }

    /** The events per room (only rooms with some) and the sticky part of the next token. */
    record Result(Map<RoomId, JsonArray> events, StickyPosition next) {
    }

    private StickySection() {
    }

    /**
     * @param from the since token's sticky part ({@code StickyPosition.at(0)} on an initial sync)
     * @param since the since token's event position, -1 on an initial sync
     * @param position the event stream position of this response
     * @param membershipRooms the joined rooms, each with the position of the user's current membership event
     */
    static Result collect(Repositories repositories, UserId user, StickyPosition from, long since, long position,
            long now, List<JoinedRoom> membershipRooms) {
        Set<UserId> ignored = ignoredUsers(repositories, user);
        // Only joins after the since token and rooms under a catch-up need the start of the membership.
        List<JoinedRoom> rooms = since < 0 ? membershipRooms : membershipRooms.stream()
                .map(room -> room.joinedAt() > since || !from.catchUps().isEmpty()
                        ? new JoinedRoom(room.roomId(), room.timeline(),
                                joinStart(repositories, room.roomId(), user, room.joinedAt()))
                        : room).toList();
        Set<Long> delivered = new HashSet<>(from.delivered());
        Set<RoomId> joinedSince = new HashSet<>();
        Map<RoomId, Set<String>> timelineIds = new HashMap<>();
        // Fetch enough per room that a room cut short by its limit has more than a whole response to give.
        long safeUpTo = Long.MAX_VALUE;
        List<StoredEvent> candidates = new ArrayList<>();
        for (JoinedRoom room : rooms) {
            boolean joined = since >= 0 && room.joinedAt() > since;
            if (joined) {
                joinedSince.add(room.roomId());
            }
            timelineIds.put(room.roomId(), room.timeline().stream().map(StoredEvent::eventId)
                    .collect(Collectors.toSet()));
            long cursor = joined ? 0 : from.cursorFor(room.joinedAt());
            int limit = LIMIT + room.timeline().size() + (joined ? 0 : delivered.size()) + 1;
            List<StoredEvent> fetched = repositories.events().sticky(room.roomId(), cursor, position, now, limit);
            if (fetched.size() == limit) {
                safeUpTo = Math.min(safeUpTo, fetched.getLast().streamOrdering());
            }
            candidates.addAll(fetched);
        }
        candidates.sort(Comparator.comparingLong(StoredEvent::streamOrdering));
        Map<RoomId, List<StoredEvent>> chosen = new LinkedHashMap<>();
        int count = 0;
        long cut = -1;
        boolean stopped = false;
        for (StoredEvent event : candidates) {
            if (count == LIMIT || event.streamOrdering() > safeUpTo) {
                stopped = true;
                break;
            }
            cut = event.streamOrdering();
            boolean skip = timelineIds.get(event.roomId()).contains(event.eventId())
                    || ignored.contains(event.sender())
                    || delivered.contains(event.streamOrdering()) && !joinedSince.contains(event.roomId());
            if (!skip) {
                chosen.computeIfAbsent(event.roomId(), k -> new ArrayList<>()).add(event);
                count++;
            }
        }
        // The cut: everything owed at or below it is settled. Short of a whole response, that is all fetched.
        boolean complete = !stopped && safeUpTo == Long.MAX_VALUE;
        if (!complete && count < LIMIT) {
            cut = safeUpTo;
        }
        StickyPosition next = complete ? StickyPosition.at(Math.max(position, 0))
                : new StickyCursors(repositories, from, since, position, now)
                        .advance(cut, rooms, joinedSince, candidates, safeUpTo);
        Map<RoomId, JsonArray> events = new HashMap<>();
        chosen.forEach((roomId, list) -> events.put(roomId, new JsonArray(list.stream()
                .map(e -> (JsonValue) ClientEvents.toClient(e, user, now)).toList())));
        return new Result(events, next);
    }

    /**
     * Where the user's current run of join events in the room began, given its newest at {@code joinedAt}: a profile
     * change is a new join event, not a new membership.
     */
    static long joinStart(Repositories repositories, RoomId roomId, UserId user, long joinedAt) {
        List<StoredEvent> memberships = repositories.events().stateHistory(roomId, "m.room.member", user.toString());
        long start = joinedAt;
        for (StoredEvent membership : memberships.reversed()) {
            if (membership.streamOrdering() > joinedAt) {
                continue;
            }
            if (!membership.content().optionalString("membership").orElse("").equals("join")) {
                break;
            }
            start = membership.streamOrdering();
        }
        return start;
    }

    /** Senders the user ignores ({@code m.ignored_user_list} account data): their sticky events are left out. */
    static Set<UserId> ignoredUsers(Repositories repositories, UserId user) {
        Optional<JsonObject> list = repositories.accountData().get(user, Optional.empty(), IGNORED_USERS);
        return list.flatMap(content -> content.optionalObject("ignored_users"))
                .map(users -> users.members().keySet().stream().flatMap(id -> {
                    try {
                        return java.util.stream.Stream.of(UserId.parse(id));
                    } catch (IllegalArgumentException e) {
                        return java.util.stream.Stream.empty();
                    }
                }).collect(Collectors.toSet()))
                .orElse(Set.of());
    }
}
