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

    public StoredEvent withStreamOrdering(long position) {
        return new StoredEvent(position, eventId, roomId, type, stateKey, sender, depth, originServerTs, pdu);
    }
}
