package dev.myelin.protocol.event;

import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonShapeException;
import dev.myelin.protocol.id.EventId;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A room event in the client format of {@code /sync} and {@code /messages}: what the SDK and the MatrixRTC model read.
 * The content is kept as received; interpreting it is the reader's job.
 */
public record ClientEvent(
        EventId eventId,
        String type,
        UserId sender,
        RoomId roomId,
        long originServerTs,
        Optional<String> stateKey,
        JsonObject content,
        JsonObject unsigned) {

    public ClientEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(stateKey, "stateKey");
        Objects.requireNonNull(content, "content");
        Objects.requireNonNull(unsigned, "unsigned");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("event type must not be empty");
        }
    }

    /** A timeline (non-state) event. */
    public static ClientEvent message(EventId eventId, String type, UserId sender, RoomId roomId, long originServerTs,
            JsonObject content) {
        return new ClientEvent(eventId, type, sender, roomId, originServerTs, Optional.empty(), content,
                JsonObject.EMPTY);
    }

    /** A state event. */
    public static ClientEvent state(EventId eventId, String type, String stateKey, UserId sender, RoomId roomId,
            long originServerTs, JsonObject content) {
        return new ClientEvent(eventId, type, sender, roomId, originServerTs, Optional.of(stateKey), content,
                JsonObject.EMPTY);
    }

    /**
     * Reads a client-format event. {@code room_id} may be absent (as inside {@code /sync} room sections) when
     * {@code roomId} supplies it.
     *
     * @throws JsonShapeException if a field is missing or of the wrong type or an id is malformed
     */
    public static ClientEvent fromJson(JsonObject json, Optional<RoomId> roomId) {
        try {
            RoomId room = json.optionalString("room_id").map(RoomId::parse)
                    .or(() -> roomId)
                    .orElseThrow(() -> new JsonShapeException("missing field 'room_id'"));
            return new ClientEvent(
                    EventId.parse(json.string("event_id")),
                    json.string("type"),
                    UserId.parse(json.string("sender")),
                    room,
                    json.integer("origin_server_ts"),
                    json.optionalString("state_key"),
                    json.optionalObject("content").orElse(JsonObject.EMPTY),
                    json.optionalObject("unsigned").orElse(JsonObject.EMPTY));
        } catch (InvalidIdentifierException e) {
            throw new JsonShapeException(e.getMessage());
        }
    }

    public boolean isState() {
        return stateKey.isPresent();
    }

    public JsonObject toJson() {
        var builder = JsonObject.builder()
                .put("event_id", eventId.value())
                .put("type", type)
                .put("sender", sender.toString())
                .put("room_id", roomId.value())
                .put("origin_server_ts", originServerTs);
        stateKey.ifPresent(key -> builder.put("state_key", key));
        builder.put("content", content);
        if (unsigned.size() > 0) {
            builder.put("unsigned", unsigned);
        }
        return builder.build();
    }
}
