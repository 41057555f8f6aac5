package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonObject;

/** The client format of an event: the PDU without its federation fields (hashes, signatures, DAG links). */
public final class ClientEvents {
    private ClientEvents() {
    }

    public static JsonObject toClient(StoredEvent event) {
        var builder = JsonObject.builder()
                .put("content", event.content())
                .put("event_id", event.eventId())
                .put("origin_server_ts", event.originServerTs())
                .put("room_id", event.roomId().toString())
                .put("sender", event.sender().toString())
                .put("type", event.type());
        event.stateKey().ifPresent(key -> builder.put("state_key", key));
        return builder.put("unsigned", JsonObject.EMPTY).build();
    }

    /** Stripped state, as invites carry it. */
    public static JsonObject stripped(StoredEvent event) {
        return JsonObject.builder()
                .put("content", event.content())
                .put("sender", event.sender().toString())
                .put("state_key", event.stateKey().orElse(""))
                .put("type", event.type())
                .build();
    }
}
