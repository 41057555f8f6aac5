package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.Json;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonBoolean;
import dev.myelin.json.JsonException;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A filter definition as {@code /sync} applies it: which rooms ({@code room.rooms}/{@code not_rooms}, and
 * {@code include_leave} for rooms left before the sync's {@code since}), and per section an {@link EventFilter}
 * ({@code room.timeline}, {@code room.state}, {@code room.ephemeral}, {@code room.account_data}, {@code presence},
 * {@code account_data}). The room filter's room lists also narrow each room section.
 */
public record SyncFilter(EventFilter rooms, boolean includeLeave, EventFilter timeline, EventFilter state,
        EventFilter ephemeral, EventFilter roomAccountData, EventFilter presence, EventFilter accountData) {

    static final int DEFAULT_TIMELINE_LIMIT = 20;
    static final int MAX_TIMELINE_LIMIT = 100;
    static final SyncFilter DEFAULT = parse(JsonObject.EMPTY);
    private static final Set<String> EVENT_FORMATS = Set.of("client", "federation");

    /** Validates a definition as {@code POST /user/{userId}/filter} receives it; 400 {@code M_BAD_JSON} if wrong. */
    public static void validate(JsonObject definition) {
        parse(definition);
    }

    static SyncFilter parse(JsonObject definition) {
        if (definition.get("event_format").isPresent() && !(definition.get("event_format").get()
                instanceof JsonString format && EVENT_FORMATS.contains(format.value()))) {
            throw MatrixException.badJson("event_format must be 'client' or 'federation'");
        }
        if (definition.get("event_fields").isPresent() && !(definition.get("event_fields").get()
                instanceof JsonArray fields
                && fields.elements().stream().allMatch(JsonString.class::isInstance))) {
            throw MatrixException.badJson("event_fields must be an array of strings");
        }
        JsonObject room = object(definition.get("room"), "room");
        EventFilter roomLists = EventFilter.parse(room.without("include_leave", "timeline", "state", "ephemeral",
                "account_data"), "room");
        if (room.get("include_leave").isPresent() && !(room.get("include_leave").get() instanceof JsonBoolean)) {
            throw MatrixException.badJson("room.include_leave must be a boolean");
        }
        return new SyncFilter(roomLists, room.optionalBool("include_leave").orElse(false),
                EventFilter.parse(room.get("timeline"), "room.timeline"),
                EventFilter.parse(room.get("state"), "room.state"),
                EventFilter.parse(room.get("ephemeral"), "room.ephemeral"),
                EventFilter.parse(room.get("account_data"), "room.account_data"),
                EventFilter.parse(definition.get("presence"), "presence"),
                EventFilter.parse(definition.get("account_data"), "account_data"));
    }

    /**
     * The {@code filter} query parameter: inline JSON or the id of a stored filter. JSON that does not parse, or an
     * unknown id, is 400 {@code M_INVALID_PARAM}; a definition of the wrong shape 400 {@code M_BAD_JSON}.
     */
    static SyncFilter resolve(Storage storage, UserId user, Optional<String> parameter) {
        if (parameter.isEmpty() || parameter.get().isEmpty()) {
            return DEFAULT;
        }
        String raw = parameter.get();
        if (raw.startsWith("{")) {
            return parse(inline(raw));
        }
        long number;
        try {
            number = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Unknown filter " + raw);
        }
        return parse(storage.read(repositories -> repositories.filters().find(user, number))
                .orElseThrow(() -> MatrixException.invalidParam("Unknown filter " + raw)));
    }

    /** The {@code filter} parameter of {@code /messages}: an inline room event filter. */
    static EventFilter roomEventFilter(Optional<String> parameter) {
        if (parameter.isEmpty() || parameter.get().isEmpty()) {
            return EventFilter.ALL;
        }
        return EventFilter.parse(inline(parameter.get()), "filter");
    }

    private static JsonObject inline(String raw) {
        try {
            return Json.parseObject(raw);
        } catch (JsonException e) {
            throw MatrixException.invalidParam("filter is not a JSON object: " + e.getMessage());
        }
    }

    int timelineLimit() {
        return Math.max(1, Math.min(MAX_TIMELINE_LIMIT, timeline.limit().orElse(DEFAULT_TIMELINE_LIMIT)));
    }

    /** Whether a room appears at all: the room filter's and (for its timeline) the timeline's room lists. */
    boolean includesRoom(String roomId) {
        return rooms.allowsRoom(roomId);
    }

    /** Applies a section's filter (and its limit, keeping the newest) to client events of one room. */
    static List<JsonValue> apply(EventFilter filter, String roomId, List<JsonValue> events) {
        if (!filter.allowsRoom(roomId)) {
            return List.of();
        }
        return limit(filter, events.stream().filter(e -> e instanceof JsonObject event
                && filter.allows(event.lenientString("type").orElse(""), event.lenientString("sender").orElse("")))
                .toList());
    }

    /** Applies a section's filter to events without a room (global account data, presence). */
    static List<JsonValue> apply(EventFilter filter, List<JsonValue> events) {
        return apply(filter.withoutRooms(), "", events);
    }

    private static List<JsonValue> limit(EventFilter filter, List<JsonValue> events) {
        int max = filter.limit().orElse(Integer.MAX_VALUE);
        return events.size() <= max ? events : events.subList(events.size() - max, events.size());
    }

    private static JsonObject object(Optional<JsonValue> value, String where) {
        if (value.isEmpty()) {
            return JsonObject.EMPTY;
        }
        if (!(value.get() instanceof JsonObject json)) {
            throw MatrixException.badJson(where + " must be an object");
        }
        return json;
    }
}
