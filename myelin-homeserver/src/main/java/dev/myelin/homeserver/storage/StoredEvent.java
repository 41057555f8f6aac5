package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * An event as persisted: its position in the server's stream, the indexed fields, and the signed PDU.
 *
 * @param streamOrdering position in the server-wide event stream (0 before it is stored)
 */
public record StoredEvent(long streamOrdering, String eventId, RoomId roomId, String type, Optional<String> stateKey,
        UserId sender, long depth, long originServerTs, JsonObject pdu) {

    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(pdu, "pdu");
    }

    public boolean isState() {
        return stateKey.isPresent();
    }

    public JsonObject content() {
        return pdu.optionalObject("content").orElse(JsonObject.EMPTY);
    }

    /** The longest stickiness honoured (MSC4354): larger durations are stored but count as one hour. */
    public static final long MAX_STICKY_MS = 3_600_000;

    /**
     * When this event stops being sticky (MSC4354), if it is: {@code origin_server_ts + min(duration_ms, 1 h)} from
     * the top-level {@code msc4354_sticky}; a missing, non-integer or negative duration is not sticky.
     */
    public java.util.OptionalLong stickyExpiresTs() {
        return pdu.get("msc4354_sticky")
                .flatMap(s -> s instanceof JsonObject o ? o.get("duration_ms") : Optional.empty())
                .filter(v -> v instanceof dev.myelin.json.JsonInteger i && i.value() >= 0)
                .map(v -> java.util.OptionalLong.of(originServerTs
                        + Math.min(((dev.myelin.json.JsonInteger) v).value(), MAX_STICKY_MS)))
                .orElse(java.util.OptionalLong.empty());
    }

    public StoredEvent withStreamOrdering(long position) {
        return new StoredEvent(position, eventId, roomId, type, stateKey, sender, depth, originServerTs, pdu);
    }
}
