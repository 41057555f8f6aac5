package dev.myelin.homeserver.rooms;

import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonBoolean;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonString;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One event filter of a filter definition (spec "Filtering"): {@code types}/{@code not_types} (with {@code *}
 * wildcards), {@code senders}/{@code not_senders}, {@code rooms}/{@code not_rooms} (room event filters), {@code limit}
 * and {@code lazy_load_members} (for {@code room.state}: only the members a timeline needs). A {@code not_} list wins
 * over its positive list; an absent positive list allows all, an empty one none.
 */
record EventFilter(Optional<List<String>> types, List<String> notTypes, Optional<List<String>> senders,
        List<String> notSenders, Optional<List<String>> rooms, List<String> notRooms, OptionalInt limit,
        boolean lazyLoadMembers) {

    static final EventFilter ALL = new EventFilter(Optional.empty(), List.of(), Optional.empty(), List.of(),
            Optional.empty(), List.of(), OptionalInt.empty(), false);

    /** Parses and validates; a wrong shape is 400 {@code M_BAD_JSON}. */
    static EventFilter parse(JsonObject json, String where) {
        requireBoolean(json, "lazy_load_members", where);
        requireBoolean(json, "include_redundant_members", where);
        requireBoolean(json, "unread_thread_notifications", where);
        requireBoolean(json, "contains_url", where);
        OptionalInt limit = OptionalInt.empty();
        if (json.get("limit").isPresent()) {
            if (!(json.get("limit").get() instanceof JsonInteger value) || value.value() < 1) {
                throw MatrixException.badJson(where + ".limit must be a positive integer");
            }
            limit = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, value.value()));
        }
        return new EventFilter(strings(json, "types", where), strings(json, "not_types", where).orElse(List.of()),
                strings(json, "senders", where), strings(json, "not_senders", where).orElse(List.of()),
                strings(json, "rooms", where), strings(json, "not_rooms", where).orElse(List.of()), limit,
                json.optionalBool("lazy_load_members").orElse(false));
    }

    static EventFilter parse(Optional<JsonValue> value, String where) {
        if (value.isEmpty()) {
            return ALL;
        }
        if (!(value.get() instanceof JsonObject json)) {
            throw MatrixException.badJson(where + " must be an object");
        }
        return parse(json, where);
    }

    boolean allows(String type, String sender) {
        return typeAllowed(type) && !notSenders.contains(sender)
                && senders.map(list -> list.contains(sender)).orElse(true);
    }

    boolean typeAllowed(String type) {
        return notTypes.stream().noneMatch(pattern -> matches(pattern, type))
                && types.map(list -> list.stream().anyMatch(pattern -> matches(pattern, type))).orElse(true);
    }

    boolean allowsRoom(String roomId) {
        return !notRooms.contains(roomId) && rooms.map(list -> list.contains(roomId)).orElse(true);
    }

    /** The same filter without room lists, for events outside rooms. */
    EventFilter withoutRooms() {
        return new EventFilter(types, notTypes, senders, notSenders, Optional.empty(), List.of(), limit,
                lazyLoadMembers);
    }

    /** Whether type or sender lists narrow the events (then a timeline must look further back to fill its limit). */
    boolean narrowsEvents() {
        return types.isPresent() || !notTypes.isEmpty() || senders.isPresent() || !notSenders.isEmpty();
    }

    /** {@code *} matches any run of characters; everything else literally. Linear backtracking, no recursion. */
    static boolean matches(String pattern, String value) {
        int p = 0;
        int v = 0;
        int star = -1;
        int resume = 0;
        while (v < value.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == value.charAt(v)) {
                p++;
                v++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = v;
            } else if (star >= 0) {
                p = star + 1;
                v = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static Optional<List<String>> strings(JsonObject json, String key, String where) {
        Optional<JsonValue> value = json.get(key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (!(value.get() instanceof JsonArray array)
                || !array.elements().stream().allMatch(JsonString.class::isInstance)) {
            throw MatrixException.badJson(where + "." + key + " must be an array of strings");
        }
        return Optional.of(array.strings());
    }

    private static void requireBoolean(JsonObject json, String key, String where) {
        if (json.get(key).isPresent() && !(json.get(key).get() instanceof JsonBoolean)) {
            throw MatrixException.badJson(where + "." + key + " must be a boolean");
        }
    }
}
