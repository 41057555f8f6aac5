package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;

/** The client format of an event: the PDU without its federation fields (hashes, signatures, DAG links). */
public final class ClientEvents {
    private ClientEvents() {
    }

    /** The unsigned key naming the delayed event (MSC4140) an event was sent from; shown only to its sender. */
    public static final String DELAY_ID_KEY = "org.matrix.msc4140.delay_id";

    /** As anyone but the sender sees it. */
    public static JsonObject toClient(StoredEvent event) {
        return toClient(event, Optional.empty());
    }

    /** As {@code viewer} sees it: the sender also sees which delayed event it came from. */
    public static JsonObject toClient(StoredEvent event, UserId viewer) {
        return toClient(event, Optional.of(viewer));
    }

    /** The unsigned key carrying how long a sticky event (MSC4354) stays sticky, in milliseconds. */
    public static final String STICKY_TTL_KEY = "msc4354_sticky_duration_ttl_ms";

    /**
     * As {@code viewer} sees it at {@code nowMillis}: a still-sticky event (MSC4354) also carries its remaining
     * stickiness, wherever it is served (timeline, sticky section, /messages).
     */
    public static JsonObject toClient(StoredEvent event, UserId viewer, long nowMillis) {
        JsonObject client = toClient(event, Optional.of(viewer));
        var expires = event.stickyExpiresTs();
        if (expires.isEmpty() || expires.getAsLong() <= nowMillis) {
            return client;
        }
        return client.with("unsigned", client.object("unsigned")
                .with(STICKY_TTL_KEY, JsonValue.of(expires.getAsLong() - nowMillis)));
    }

    private static JsonObject toClient(StoredEvent event, Optional<UserId> viewer) {
        var builder = JsonObject.builder()
                .put("content", event.content())
                .put("event_id", event.eventId())
                .put("origin_server_ts", event.originServerTs())
                .put("room_id", event.roomId().toString())
                .put("sender", event.sender().toString())
                .put("type", event.type());
        event.stateKey().ifPresent(key -> builder.put("state_key", key));
        event.pdu().get("msc4354_sticky").ifPresent(sticky -> builder.put("msc4354_sticky", sticky));
        var unsigned = JsonObject.builder();
        if (viewer.filter(event.sender()::equals).isPresent()) {
            event.pdu().optionalObject("unsigned").flatMap(u -> u.optionalString(DELAY_ID_KEY))
                    .ifPresent(id -> unsigned.put(DELAY_ID_KEY, id));
        }
        return builder.put("unsigned", unsigned.build()).build();
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
