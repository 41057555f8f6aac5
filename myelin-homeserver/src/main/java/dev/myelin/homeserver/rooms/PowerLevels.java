package dev.myelin.homeserver.rooms;

import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import java.util.Map;
import java.util.Optional;

/**
 * A room's {@code m.room.power_levels} with the specification's defaults. From room version 10 every level must be
 * a JSON integer; strings or floats are refused.
 */
record PowerLevels(JsonObject content, boolean present, Optional<UserId> creator) {
    static final int DEFAULT_KICK_BAN_REDACT_STATE = 50;

    /** The levels in force: from the event if there is one, else creator 100 and everyone else 0. */
    static PowerLevels of(Optional<JsonObject> content, Optional<UserId> creator) {
        return new PowerLevels(content.orElse(JsonObject.EMPTY), content.isPresent(), creator);
    }

    int userLevel(UserId user) {
        if (!present) {
            return creator.filter(user::equals).isPresent() ? 100 : 0;
        }
        Optional<JsonObject> users = content.optionalObject("users");
        if (users.isPresent() && users.get().has(user.toString())) {
            return level(users.get(), user.toString(), 0);
        }
        return level(content, "users_default", 0);
    }

    /** Level needed to send an event of {@code type}; state events default to state_default. */
    int eventLevel(String type, boolean state) {
        Optional<JsonObject> events = content.optionalObject("events");
        if (events.isPresent() && events.get().has(type)) {
            return level(events.get(), type, 0);
        }
        if (state) {
            // Without a power-levels event at all, state_default is 0 (the creator may set anything).
            return present ? level(content, "state_default", DEFAULT_KICK_BAN_REDACT_STATE) : 0;
        }
        return level(content, "events_default", 0);
    }

    int invite() {
        return level(content, "invite", 0);
    }

    int kick() {
        return level(content, "kick", DEFAULT_KICK_BAN_REDACT_STATE);
    }

    int ban() {
        return level(content, "ban", DEFAULT_KICK_BAN_REDACT_STATE);
    }

    int redact() {
        return level(content, "redact", DEFAULT_KICK_BAN_REDACT_STATE);
    }

    private static int level(JsonObject object, String key, int fallback) {
        Optional<JsonValue> value = object.get(key);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get() instanceof JsonInteger integer && Math.abs(integer.value()) <= (1L << 53) - 1) {
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, integer.value()));
        }
        throw MatrixException.badJson("power level '" + key + "' must be an integer");
    }

    /** Checks that every level in new power-levels content is an integer (v10+ rule). */
    static void requireIntegers(JsonObject content) {
        for (var entry : content.members().entrySet()) {
            switch (entry.getKey()) {
                case "users", "events", "notifications" -> {
                    if (!(entry.getValue() instanceof JsonObject map)) {
                        throw MatrixException.badJson("power levels '" + entry.getKey() + "' must be an object");
                    }
                    for (Map.Entry<String, JsonValue> level : map.members().entrySet()) {
                        level(map, level.getKey(), 0);
                    }
                }
                case "users_default", "events_default", "state_default", "ban", "kick", "redact", "invite" ->
                        level(content, entry.getKey(), 0);
                default -> {
                    // Other keys are not levels; they are kept as sent.
                }
            }
        }
    }
}
