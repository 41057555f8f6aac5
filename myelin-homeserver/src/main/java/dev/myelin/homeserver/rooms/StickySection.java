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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code msc4354_sticky} section of {@code /sync} (MSC4354) and its stream position. Sticky events are numbered by
 * their event stream position; the sync token remembers up to where they were delivered. A response carries at most
 * {@link #LIMIT} of them, oldest first across the user's rooms, and stops its position at the last one it carries when
 * more are waiting, so the rest follow on the next syncs with nothing skipped. Events this response's timeline
 * already carries count as delivered. A room the user just joined also gets its older sticky events; if more than
 * fit, the position goes back to the last one carried (the next syncs may then repeat a few events of other rooms,
 * which clients key by event id, rather than lose any).
 */
final class StickySection {
    /** MSC4354: at most this many sticky events per response (so per room too). */
    static final int LIMIT = 100;
    static final String IGNORED_USERS = "m.ignored_user_list";

    /** The events per room (only rooms with some) and the sticky position for the next token. */
    record Result(Map<RoomId, JsonArray> events, long position) {
    }

    private StickySection() {
    }

    /**
     * @param after sticky position of the since token (0 on an initial sync)
     * @param position the event stream position of this response
     * @param timelines per joined room, the event ids this response's timeline carries
     * @param joinedSince rooms joined after the since token: they also get their sticky events up to {@code after}
     */
    static Result collect(Repositories repositories, UserId user, long after, long position, long now,
            Map<RoomId, Set<String>> timelines, Set<RoomId> joinedSince) {
        Set<UserId> ignored = ignoredUsers(repositories, user);
        // Fetch enough per room that a room cut short by its limit has more than a whole response to give.
        long safeUpTo = position;
        List<StoredEvent> candidates = new ArrayList<>();
        for (var room : timelines.entrySet()) {
            int limit = LIMIT + room.getValue().size() + 1;
            List<StoredEvent> fetched = repositories.events().sticky(room.getKey(), after, position, now, limit);
            if (fetched.size() == limit) {
                safeUpTo = Math.min(safeUpTo, fetched.getLast().streamOrdering());
            }
            candidates.addAll(fetched);
        }
        candidates.sort(Comparator.comparingLong(StoredEvent::streamOrdering));
        long next = safeUpTo;
        Map<RoomId, List<StoredEvent>> chosen = new LinkedHashMap<>();
        int count = 0;
        for (StoredEvent event : candidates) {
            if (event.streamOrdering() > safeUpTo) {
                break;
            }
            if (timelines.get(event.roomId()).contains(event.eventId()) || ignored.contains(event.sender())) {
                continue;
            }
            chosen.computeIfAbsent(event.roomId(), k -> new ArrayList<>()).add(event);
            if (++count == LIMIT) {
                next = event.streamOrdering();
                break;
            }
        }
        for (RoomId roomId : joinedSince) {
            if (after == 0 || !timelines.containsKey(roomId)) {
                continue;
            }
            next = Math.min(next, catchUp(repositories, roomId, after, now, timelines.get(roomId), ignored, chosen));
        }
        Map<RoomId, JsonArray> events = new HashMap<>();
        chosen.forEach((roomId, list) -> {
            if (!list.isEmpty()) {
                events.put(roomId, new JsonArray(list.stream()
                        .map(e -> (JsonValue) ClientEvents.toClient(e, user, now)).toList()));
            }
        });
        return new Result(events, next);
    }

    /**
     * A room joined since the last sync: its sticky events up to {@code after} come first (at most a whole
     * response), then as many of the newer ones already chosen as still fit. Returns the sticky position the next
     * token may carry at most: where this room's delivery stopped, or {@code Long.MAX_VALUE} if it is complete.
     */
    private static long catchUp(Repositories repositories, RoomId roomId, long after, long now, Set<String> timeline,
            Set<UserId> ignored, Map<RoomId, List<StoredEvent>> chosen) {
        int limit = LIMIT + timeline.size() + 1;
        List<StoredEvent> fetched = repositories.events().sticky(roomId, 0, after, now, limit);
        List<StoredEvent> older = fetched.stream()
                .filter(e -> !timeline.contains(e.eventId()) && !ignored.contains(e.sender())).toList();
        List<StoredEvent> newer = chosen.getOrDefault(roomId, List.of());
        List<StoredEvent> room = new ArrayList<>();
        long stop = Long.MAX_VALUE;
        if (older.size() > LIMIT || fetched.size() == limit) {
            // More older ones wait; the newer ones come again once the older ones are through.
            room.addAll(older.subList(0, Math.min(LIMIT, older.size())));
            stop = room.isEmpty() ? fetched.getLast().streamOrdering() : room.getLast().streamOrdering();
        } else {
            room.addAll(older);
            int space = LIMIT - older.size();
            if (newer.size() > space) {
                room.addAll(newer.subList(0, space));
                stop = space == 0 ? after : newer.get(space - 1).streamOrdering();
            } else {
                room.addAll(newer);
            }
        }
        chosen.put(roomId, room);
        return stop;
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
