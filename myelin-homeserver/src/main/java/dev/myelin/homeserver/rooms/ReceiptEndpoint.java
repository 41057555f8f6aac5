package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import java.time.InstantSource;
import java.util.Optional;

/**
 * {@code POST /rooms/{roomId}/receipt/{type}/{eventId}}: {@code m.read} and {@code m.read.private} receipts (the
 * private kind reaches only the user's own devices) and {@code m.fully_read}, kept as room account data.
 */
public final class ReceiptEndpoint {
    private final Storage storage;
    private final Authenticator authenticator;
    private final StreamNotifier notifier;
    private final InstantSource clock;

    public ReceiptEndpoint(Storage storage, Authenticator authenticator, StreamNotifier notifier, InstantSource clock) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.notifier = notifier;
        this.clock = clock;
    }

    public void register(Router router) {
        router.client("POST", "/rooms/{roomId}/receipt/{type}/{eventId}", this::receipt);
    }

    private ApiResponse receipt(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        String type = request.pathParameter("type");
        String eventId = request.pathParameter("eventId");
        if (!type.equals("m.read") && !type.equals("m.read.private") && !type.equals("m.fully_read")) {
            throw MatrixException.invalidParam("Receipt type must be m.read, m.read.private or m.fully_read");
        }
        Optional<String> threadId = request.jsonBodyOrEmpty().optionalString("thread_id");
        storage.write(repositories -> {
            boolean joined = repositories.events().currentState(roomId, "m.room.member",
                    requester.userId().toString()).flatMap(e -> e.content().optionalString("membership"))
                    .filter("join"::equals).isPresent();
            if (!joined) {
                throw MatrixException.forbidden("User " + requester.userId() + " not in room " + roomId);
            }
            if (repositories.events().find(eventId).filter(e -> e.roomId().equals(roomId)).isEmpty()) {
                throw MatrixException.notFound("Event not found");
            }
            if (type.equals("m.fully_read")) {
                repositories.accountData().put(requester.userId(), Optional.of(roomId), "m.fully_read",
                        JsonObject.builder().put("event_id", eventId).build());
            } else {
                repositories.receipts().put(roomId, type, requester.userId(), threadId, eventId, clock.millis());
            }
            return null;
        });
        notifier.poke();
        return ApiResponse.empty();
    }
}
