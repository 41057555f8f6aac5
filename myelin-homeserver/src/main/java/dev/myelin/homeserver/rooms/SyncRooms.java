package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The room sections of a {@code /sync} response: each joined room's timeline, state and summary, the rooms left since
 * the token, and invites and knocks as stripped state. Every woken long-poll of every member builds these, so they
 * read a room's whole state only when the response sends it.
 */
final class SyncRooms {
    /** A filtered timeline looks back at most this many events to fill its limit. */
    static final int MAX_TIMELINE_SCAN = 500;
    private static final Set<String> INVITE_STATE_TYPES = Set.of("m.room.create", "m.room.join_rules", "m.room.name",
            "m.room.avatar", "m.room.canonical_alias", "m.room.encryption", "m.room.topic");

    private SyncRooms() {
    }

    /** A joined room's timeline for this response, and the user's membership position. */
    record RoomTimeline(RoomId roomId, List<StoredEvent> events, boolean limited, long joinedAt,
            boolean newlyJoined) {
    }

    static RoomTimeline roomTimeline(Repositories repositories, UserId user, RoomId roomId, long since,
            long position, SyncFilter filter) {
        long current = ownMembership(repositories, roomId, user).streamOrdering();
        // A profile change since the token is a new join event but no new membership: no full state for it.
        long joinedAt = since >= 0 && current > since
                ? StickySection.joinStart(repositories, roomId, user, current) : current;
        Timeline selected = timeline(repositories, user, roomId, Math.max(since, 0), position, joinedAt, filter);
        return new RoomTimeline(roomId, selected.events(), selected.limited(), joinedAt,
                since >= 0 && joinedAt > since);
    }

    /**
     * A joined room's section. The room's whole state is read only when this response sends it (initial sync, full
     * state, a new member, a gap): an incremental sync of a call room's member must not parse a thousand member
     * events to say one event happened.
     */
    static Optional<JsonObject> joinedRoom(Repositories repositories, UserId user, RoomTimeline roomTimeline,
            long since, boolean fullState, boolean hasAccountData, long position, long now, SyncFilter filter,
            Optional<JsonArray> sticky) {
        RoomId roomId = roomTimeline.roomId();
        List<StoredEvent> timeline = roomTimeline.events();
        boolean limited = roomTimeline.limited();
        boolean newlyJoined = roomTimeline.newlyJoined();
        if (timeline.isEmpty() && !fullState && !newlyJoined && !hasAccountData && sticky.isEmpty()
                && since >= 0) {
            return Optional.empty();
        }
        // Room state = state + timeline: send the current state the timeline does not already carry. A new member
        // (or a gap) gets all of it; an incremental sync without a gap needs none.
        List<StoredEvent> state = List.of();
        Set<String> inTimeline = new HashSet<>();
        timeline.forEach(e -> inTimeline.add(e.eventId()));
        // Lazy-loading members: of the m.room.member events only the user's own and the timeline's senders'.
        boolean lazy = filter.state().lazyLoadMembers();
        Set<String> neededMembers = new HashSet<>();
        neededMembers.add(user.toString());
        timeline.forEach(e -> neededMembers.add(e.sender().toString()));
        if (since < 0 || fullState || newlyJoined || limited) {
            state = repositories.events().currentState(roomId).stream().filter(e -> !inTimeline.contains(e.eventId()))
                    .filter(e -> filter.state().allowsRoom(roomId.toString())
                            && filter.state().allows(e.type(), e.sender().toString()))
                    .filter(e -> !lazy || !e.type().equals("m.room.member")
                            || neededMembers.contains(e.stateKey().orElse("")))
                    .toList();
        } else if (lazy && !timeline.isEmpty()) {
            // An incremental sync: the senders' member events, so the client can show them (sent again each time:
            // include_redundant_members is not tracked).
            state = neededMembers.stream().filter(member -> !member.equals(user.toString()))
                    .flatMap(member -> repositories.events().currentState(roomId, "m.room.member", member).stream())
                    .sorted(java.util.Comparator.comparingLong(StoredEvent::streamOrdering))
                    .filter(e -> !inTimeline.contains(e.eventId()))
                    .filter(e -> filter.state().allowsRoom(roomId.toString())
                            && filter.state().allows(e.type(), e.sender().toString()))
                    .toList();
        }
        long prevBatch = timeline.isEmpty() ? position : timeline.getFirst().streamOrdering() - 1;
        var room = JsonObject.builder();
        sticky.ifPresent(events -> room.put("msc4354_sticky", JsonObject.builder().put("events", events).build()));
        if (summaryMayHaveChanged(repositories, roomId, since, fullState || newlyJoined || limited)) {
            room.put("summary", RoomSummary.of(repositories, roomId, user));
        }
        return Optional.of(room
                .put("state", events(state))
                .put("timeline", JsonObject.builder()
                        .put("events", new JsonArray(timeline.stream()
                                .map(e -> (JsonValue) ClientEvents.toClient(e, user, now)).toList()))
                        .put("limited", limited)
                        .put("prev_batch", "s" + prevBatch).build())
                .put("ephemeral", events(List.of()))
                .put("account_data", events(List.of()))
                .put("unread_notifications", JsonObject.builder().put("notification_count", 0)
                        .put("highlight_count", 0).build())
                .build());
    }

    private record Timeline(List<StoredEvent> events, boolean limited) {
    }

    /**
     * The newest events after {@code after} up to {@code upTo} that pass the timeline filter and that history
     * visibility shows the user (only events before {@code visibleFrom}, the user's join, need checking), at most
     * the filter's limit; limited when older events were left out. A filter narrowing types or senders looks back
     * further (up to {@link #MAX_TIMELINE_SCAN}) to fill the limit.
     */
    private static Timeline timeline(Repositories repositories, UserId user, RoomId roomId, long after, long upTo,
            long visibleFrom, SyncFilter filter) {
        EventFilter events = filter.timeline();
        if (!events.allowsRoom(roomId.toString())) {
            return new Timeline(List.of(), false);
        }
        int limit = filter.timelineLimit();
        int fetch = events.narrowsEvents() ? Math.max(limit + 1, MAX_TIMELINE_SCAN) : limit + 1;
        List<StoredEvent> raw = repositories.events().recent(roomId, after, fetch).stream()
                .filter(e -> e.streamOrdering() <= upTo).toList();
        HistoryVisibility visibility = raw.isEmpty() || raw.getFirst().streamOrdering() >= visibleFrom ? null
                : HistoryVisibility.of(repositories.events(), roomId, user);
        List<StoredEvent> kept = raw.stream()
                .filter(e -> e.streamOrdering() >= visibleFrom || visibility.test(e))
                .filter(e -> events.allows(e.type(), e.sender().toString()))
                .toList();
        boolean limited = raw.size() >= fetch || kept.size() > limit;
        return new Timeline(kept.size() > limit ? kept.subList(kept.size() - limit, kept.size()) : kept, limited);
    }

    /**
     * A room the user left (or was banned from) since the last sync: its timeline up to and including the user's own
     * leave, as far as they could see it. State is not sent: the client keeps what it had.
     */
    static JsonObject leftRoom(Repositories repositories, UserId user, RoomId roomId, long since,
            StoredEvent own, SyncFilter filter, long now) {
        Timeline selected = timeline(repositories, user, roomId, Math.max(since, 0), own.streamOrdering(),
                Long.MAX_VALUE, filter);
        List<StoredEvent> timeline = selected.events();
        if (timeline.isEmpty() || !timeline.getLast().eventId().equals(own.eventId())) {
            // The leave itself is always shown, whatever the filter, so the client sees the room go.
            timeline = new ArrayList<>(timeline);
            timeline.add(own);
        }
        long prevBatch = timeline.getFirst().streamOrdering() - 1;
        return JsonObject.builder()
                .put("state", events(List.of()))
                .put("timeline", JsonObject.builder().put("events", new JsonArray(timeline.stream()
                                .map(e -> (JsonValue) ClientEvents.toClient(e, user, now)).toList()))
                        .put("limited", selected.limited()).put("prev_batch", "s" + prevBatch).build())
                .put("account_data", events(List.of()))
                .build();
    }

    /**
     * Rooms the user was invited to or knocked on since {@code since}: the stripped state a client shows while
     * waiting, with the user's own membership event, under {@code section}.
     */
    static JsonObject strippedRooms(Repositories repositories, UserId user, List<RoomId> rooms, long since,
            SyncFilter filter, String section) {
        var result = JsonObject.builder();
        for (RoomId roomId : rooms) {
            if (!filter.includesRoom(roomId.toString())) {
                continue;
            }
            StoredEvent own = ownMembership(repositories, roomId, user);
            if (own.streamOrdering() > since) {
                List<JsonValue> stripped = repositories.events().currentState(roomId).stream()
                        .filter(e -> INVITE_STATE_TYPES.contains(e.type()) || e.eventId().equals(own.eventId()))
                        .map(e -> (JsonValue) ClientEvents.stripped(e)).toList();
                result.put(roomId.toString(), JsonObject.builder().put(section,
                        JsonObject.builder().put("events", new JsonArray(stripped)).build()).build());
            }
        }
        return result.build();
    }

    /**
     * An incremental sync sends the summary only when members, name or alias changed since the token (clients keep
     * the last one, as Synapse relies on): counting a thousand members for each of a thousand woken syncs is not free.
     */
    private static boolean summaryMayHaveChanged(Repositories repositories, RoomId roomId, long since,
            boolean whole) {
        return since < 0 || whole || repositories.events().stateChangedSince(roomId, since, RoomSummary.SOURCES);
    }

    static StoredEvent ownMembership(Repositories repositories, RoomId roomId, UserId user) {
        return repositories.events().currentState(roomId, "m.room.member", user.toString())
                .orElseThrow(() -> new IllegalStateException("membership index without member event"));
    }

    static JsonObject events(List<StoredEvent> events) {
        return JsonObject.builder().put("events", clientEvents(events)).build();
    }

    private static JsonArray clientEvents(List<StoredEvent> events) {
        return new JsonArray(events.stream().map(e -> (JsonValue) ClientEvents.toClient(e)).toList());
    }
}
