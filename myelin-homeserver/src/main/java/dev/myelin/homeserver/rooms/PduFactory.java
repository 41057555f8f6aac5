package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.events.EventHashing;
import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.homeserver.events.ServerSigningKey;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Turns a draft into a signed PDU: prev_events is the room's newest event (one server, so the DAG is a line),
 * auth_events are chosen as the specification lists them, then content hash, signature and reference-hash id.
 */
final class PduFactory {
    private final ServerName serverName;
    private final ServerSigningKey key;

    PduFactory(ServerName serverName, ServerSigningKey key) {
        this.serverName = serverName;
        this.key = key;
    }

    StoredEvent build(RoomId roomId, RoomVersion version, EventDraft draft, RoomState state,
            Optional<StoredEvent> previous, long now) {
        long depth = previous.map(p -> p.depth() + 1).orElse(1L);
        JsonObject content = draft.content();
        if (draft.redacts().isPresent() && version == RoomVersion.V11) {
            content = content.with("redacts", JsonValue.of(draft.redacts().get()));
        }
        var builder = JsonObject.builder()
                .put("auth_events", JsonValue.ofStrings(authEvents(draft, state)))
                .put("content", content)
                .put("depth", depth)
                .put("origin_server_ts", now)
                .put("prev_events", previous.map(p -> (JsonValue) JsonValue.ofStrings(List.of(p.eventId())))
                        .orElse(new JsonArray(List.of())))
                .put("room_id", roomId.toString())
                .put("sender", draft.sender().toString())
                .put("type", draft.type());
        draft.stateKey().ifPresent(stateKey -> builder.put("state_key", stateKey));
        // Top level, outside content (which may be ciphertext); hashed and signed with the event.
        draft.stickyDurationMs().ifPresent(duration -> builder.put("msc4354_sticky",
                JsonObject.builder().put("duration_ms", duration).build()));
        if (version == RoomVersion.V10) {
            draft.redacts().ifPresent(redacts -> builder.put("redacts", redacts));
        }
        JsonObject signed = EventHashing.hashAndSign(builder.build(), version, serverName.value(), key);
        String eventId = EventHashing.eventId(signed, version);
        return new StoredEvent(0, eventId, roomId, draft.type(), draft.stateKey(), draft.sender(), depth, now, signed);
    }

    private static List<String> authEvents(EventDraft draft, RoomState state) {
        if (draft.type().equals("m.room.create")) {
            return List.of();
        }
        var ids = new LinkedHashSet<String>();
        state.get("m.room.create", "").ifPresent(e -> ids.add(e.eventId()));
        state.get("m.room.power_levels", "").ifPresent(e -> ids.add(e.eventId()));
        state.get("m.room.member", draft.sender().toString()).ifPresent(e -> ids.add(e.eventId()));
        if (draft.type().equals("m.room.member")) {
            draft.stateKey().flatMap(target -> state.get("m.room.member", target)).ifPresent(e -> ids.add(e.eventId()));
            String membership = draft.content().optionalString("membership").orElse("");
            if (membership.equals("join") || membership.equals("invite") || membership.equals("knock")) {
                state.get("m.room.join_rules", "").ifPresent(e -> ids.add(e.eventId()));
            }
        }
        return new ArrayList<>(ids);
    }
}
