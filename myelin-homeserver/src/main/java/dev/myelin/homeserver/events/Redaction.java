package dev.myelin.homeserver.events;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Set;

/**
 * The redaction algorithm of room versions 10 and 11: what of an event survives redaction, and so what its signature
 * and reference hash (event id) cover.
 */
public final class Redaction {
    private static final Set<String> TOP_LEVEL = Set.of("event_id", "type", "room_id", "sender", "state_key",
            "content", "hashes", "signatures", "depth", "prev_events", "auth_events", "origin_server_ts");
    private static final Set<String> TOP_LEVEL_BEFORE_V11 = Set.of("origin", "membership", "prev_state");

    private Redaction() {
    }

    public static JsonObject redact(JsonObject event, RoomVersion version) {
        var kept = new LinkedHashMap<String, JsonValue>();
        event.members().forEach((key, value) -> {
            if (TOP_LEVEL.contains(key)
                    || (version.redactionKeepsLegacyTopLevelKeys() && TOP_LEVEL_BEFORE_V11.contains(key))) {
                kept.put(key, value);
            }
        });
        JsonObject content = event.optionalObject("content").orElse(JsonObject.EMPTY);
        String type = event.optionalString("type").orElse("");
        kept.put("content", redactContent(type, content, version));
        return new JsonObject(kept);
    }

    private static JsonObject redactContent(String type, JsonObject content, RoomVersion version) {
        boolean v11 = version == RoomVersion.V11;
        return switch (type) {
            case "m.room.member" -> {
                JsonObject kept = keep(content, Set.of("membership", "join_authorised_via_users_server"));
                if (v11 && content.get("third_party_invite").orElse(null) instanceof JsonObject invite
                        && invite.has("signed")) {
                    kept = kept.with("third_party_invite",
                            JsonObject.builder().put("signed", invite.get("signed").orElseThrow()).build());
                }
                yield kept;
            }
            case "m.room.create" -> v11 ? content : keep(content, Set.of("creator"));
            case "m.room.join_rules" -> keep(content, Set.of("join_rule", "allow"));
            case "m.room.power_levels" -> keep(content, v11
                    ? Set.of("ban", "events", "events_default", "invite", "kick", "redact", "state_default", "users",
                            "users_default")
                    : Set.of("ban", "events", "events_default", "kick", "redact", "state_default", "users",
                            "users_default"));
            case "m.room.history_visibility" -> keep(content, Set.of("history_visibility"));
            case "m.room.redaction" -> v11 ? keep(content, Set.of("redacts")) : JsonObject.EMPTY;
            default -> JsonObject.EMPTY;
        };
    }

    private static JsonObject keep(JsonObject content, Set<String> keys) {
        var kept = new LinkedHashMap<String, JsonValue>();
        content.members().forEach((key, value) -> {
            if (keys.contains(key)) {
                kept.put(key, value);
            }
        });
        return new JsonObject(kept);
    }
}
