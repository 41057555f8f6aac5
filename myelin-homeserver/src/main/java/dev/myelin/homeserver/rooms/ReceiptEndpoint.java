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
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /rooms/{roomId}/receipt/{type}/{eventId}}: {@code m.read} and {@code m.read.private} receipts (the
 * private kind reaches only the user's own devices) and {@code m.fully_read}, kept as room account data; and
 * {@code PUT /rooms/{roomId}/typing/{userId}}.
 */
public final class ReceiptEndpoint {
    private final Storage storage;
    private final Authenticator authenticator;
    private final StreamNotifier notifier;
    private final InstantSource clock;
    private final TypingState typing;

    public ReceiptEndpoint(Storage storage, Authenticator authenticator, StreamNotifier notifier, InstantSource clock,
            TypingState typing) {
        this.storage = storage;
        this.authenticator = authenticator;
        this.notifier = notifier;
        this.clock = clock;
        this.typing = typing;
    }

    public void register(Router router) {
        router.client("POST", "/rooms/{roomId}/receipt/{type}/{eventId}", this::receipt);
        router.client("PUT", "/rooms/{roomId}/typing/{userId}", this::typing);
    }

    /** Typing notifications: in memory, expiring after the client's timeout (at most two minutes). */
    private ApiResponse typing(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        if (!UserId.parse(request.pathParameter("userId")).equals(requester.userId())) {
            throw MatrixException.forbidden("Cannot set another user's typing state");
        }
        JsonObject body = request.jsonBody();
        boolean isTyping = body.bool("typing");
        long timeout = body.optionalInteger("timeout").orElse(30_000);
        requireJoined(requester, roomId);
        if (typing.set(roomId, requester.userId(), isTyping, timeout)) {
            wakeMembers(roomId);
        }
        return ApiResponse.empty();
    }

    private void requireJoined(Requester requester, RoomId roomId) {
        boolean joined = storage.read(repositories -> repositories.events().currentState(roomId, "m.room.member",
                requester.userId().toString())).flatMap(e -> e.content().optionalString("membership"))
                .filter("join"::equals).isPresent();
        if (!joined) {
            throw MatrixException.forbidden("User " + requester.userId() + " not in room " + roomId);
        }
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
        if (type.equals("m.fully_read") || type.equals("m.read.private")) {
            // Only the user's own devices see these.
            notifier.poke(List.of(requester.userId()));
        } else {
            wakeMembers(roomId);
        }
        return ApiResponse.empty();
    }

    /** Receipts and typing concern the room's members only. */
    private void wakeMembers(RoomId roomId) {
        notifier.poke(storage.read(repositories -> repositories.events().members(roomId)));
    }
}
