package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomAlias;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.security.SecureRandom;
import java.util.Optional;

/** createRoom, send, state PUT/GET, joined_rooms and the membership actions (join, leave, invite, kick, ban). */
public final class RoomEndpoints {
    static final String DELAY_PARAMETER = "org.matrix.msc4140.delay";
    static final String STICKY_PARAMETER = "org.matrix.msc4354.sticky_duration_ms";
    private static final String ROOM_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    private final RoomService rooms;
    private final Authenticator authenticator;
    private final SecureRandom random;
    private final DelayedEvents delayed;

    public RoomEndpoints(RoomService rooms, DelayedEvents delayed, Authenticator authenticator, SecureRandom random) {
        this.delayed = delayed;
        this.rooms = rooms;
        this.authenticator = authenticator;
        this.random = random;
    }

    public void register(Router router) {
        router.client("POST", "/createRoom", this::createRoom);
        router.client("PUT", "/rooms/{roomId}/send/{type}/{txnId}", this::send);
        // Without a transaction id (as Synapse also serves it): no retry protection.
        router.client("POST", "/rooms/{roomId}/send/{type}", this::send);
        router.client("PUT", "/rooms/{roomId}/redact/{eventId}/{txnId}", this::redact);
        router.client("PUT", "/rooms/{roomId}/state/{type}/{stateKey}", this::putState);
        router.client("PUT", "/rooms/{roomId}/state/{type}", this::putState);
        router.client("GET", "/rooms/{roomId}/state", this::getState);
        router.client("GET", "/rooms/{roomId}/state/{type}/{stateKey}", this::getStateEvent);
        router.client("GET", "/rooms/{roomId}/state/{type}", this::getStateEvent);
        router.client("GET", "/joined_rooms", this::joinedRooms);
        router.client("POST", "/rooms/{roomId}/join", this::join);
        router.client("POST", "/join/{roomIdOrAlias}", this::join);
        router.client("POST", "/knock/{roomIdOrAlias}", this::knock);
        router.client("POST", "/rooms/{roomId}/leave", request -> membership(request, "leave", false));
        router.client("POST", "/rooms/{roomId}/invite", request -> membership(request, "invite", true));
        router.client("POST", "/rooms/{roomId}/kick", request -> membership(request, "leave", true));
        router.client("POST", "/rooms/{roomId}/ban", request -> membership(request, "ban", true));
        router.client("POST", "/rooms/{roomId}/unban", request -> membership(request, "leave", true));
    }

    private ApiResponse createRoom(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        JsonObject body = request.jsonBody();
        var plan = RoomCreation.plan(requester.userId(), body, RoomVersion.DEFAULT,
                rooms.joinContent(requester.userId()));
        RoomId roomId = RoomId.parse("!" + randomLetters(18) + ":" + rooms.serverName());
        rooms.createRoom(roomId, plan.version(), requester.userId(), plan.drafts(), plan.alias());
        return ApiResponse.ok(JsonObject.builder().put("room_id", roomId.toString()).build());
    }

    private ApiResponse send(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        String type = eventType(request);
        Optional<RoomService.TxnKey> txn = Optional.ofNullable(request.pathParameters().get("txnId"))
                .map(id -> new RoomService.TxnKey(requester.deviceId(), id));
        Optional<Long> delay = delay(request);
        Optional<Long> sticky = stickyDuration(request);
        if (delay.isPresent()) {
            return delayIdResponse(delayed.schedule(requester.userId(), requester.deviceId(),
                    txn.map(RoomService.TxnKey::txnId), roomId, type, Optional.empty(), delay.get(), sticky,
                    request::jsonBody));
        }
        String eventId = rooms.send(roomId, requester.userId(), txn,
                () -> EventDraft.message(type, requester.userId(), request.jsonBody()).sticky(sticky));
        return eventIdResponse(eventId);
    }

    private ApiResponse redact(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        var txn = new RoomService.TxnKey(requester.deviceId(), request.pathParameter("txnId"));
        JsonObject body = request.jsonBodyOrEmpty();
        var content = JsonObject.builder();
        body.optionalString("reason").ifPresent(reason -> content.put("reason", reason));
        return eventIdResponse(rooms.redact(roomId, requester.userId(), txn, request.pathParameter("eventId"),
                content.build()));
    }

    private ApiResponse putState(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        String type = eventType(request);
        String stateKey = stateKey(request);
        Optional<Long> delay = delay(request);
        Optional<Long> sticky = stickyDuration(request);
        if (delay.isPresent()) {
            return delayIdResponse(delayed.schedule(requester.userId(), requester.deviceId(), Optional.empty(), roomId,
                    type, Optional.of(stateKey), delay.get(), sticky, request::jsonBody));
        }
        String eventId = rooms.send(roomId, requester.userId(), Optional.empty(),
                () -> EventDraft.state(type, stateKey, requester.userId(), request.jsonBody()).sticky(sticky));
        return eventIdResponse(eventId);
    }

    private ApiResponse getState(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        var events = rooms.state(roomId, requester.userId()).stream()
                .map(e -> (JsonValue) ClientEvents.toClient(e, requester.userId()))
                .toList();
        return ApiResponse.ok(new JsonArray(events));
    }

    private ApiResponse getStateEvent(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        String type = eventType(request);
        String stateKey = stateKey(request);
        StoredEvent event = rooms.stateEvent(roomId, requester.userId(), type, stateKey)
                .orElseThrow(() -> MatrixException.notFound("Event not found."));
        boolean wholeEvent = request.query("format").filter("event"::equals).isPresent();
        return ApiResponse.ok(wholeEvent ? ClientEvents.toClient(event, requester.userId()) : event.content());
    }

    private ApiResponse joinedRooms(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        var ids = rooms.joinedRooms(requester.userId()).stream().map(RoomId::toString).toList();
        return ApiResponse.ok(JsonObject.builder().put("joined_rooms", JsonValue.ofStrings(ids)).build());
    }

    private ApiResponse join(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        String target = request.pathParameters().getOrDefault("roomIdOrAlias",
                request.pathParameters().getOrDefault("roomId", ""));
        RoomId roomId = target.startsWith("#") ? rooms.resolve(RoomAlias.parse(target)) : RoomId.parse(target);
        JsonObject body = request.jsonBodyOrEmpty();
        JsonObject content = rooms.joinContent(requester.userId());
        JsonObject withReason = body.optionalString("reason")
                .map(reason -> content.with("reason", JsonValue.of(reason))).orElse(content);
        rooms.sendMembership(roomId, requester.userId(),
                () -> EventDraft.state("m.room.member", requester.userId().toString(), requester.userId(),
                        rooms.authoriseJoin(roomId, requester.userId(), withReason)));
        return ApiResponse.ok(JsonObject.builder().put("room_id", roomId.toString()).build());
    }

    /** {@code POST /knock/{roomIdOrAlias}}: asks to be let into a room whose join rule is knock. */
    private ApiResponse knock(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        String target = request.pathParameter("roomIdOrAlias");
        RoomId roomId = target.startsWith("#") ? rooms.resolve(RoomAlias.parse(target)) : RoomId.parse(target);
        JsonObject body = request.jsonBodyOrEmpty();
        JsonObject joinContent = rooms.joinContent(requester.userId());
        var content = JsonObject.builder().put("membership", "knock");
        joinContent.optionalString("displayname").ifPresent(name -> content.put("displayname", name));
        body.optionalString("reason").ifPresent(reason -> content.put("reason", reason));
        rooms.sendMembership(roomId, requester.userId(),
                () -> EventDraft.state("m.room.member", requester.userId().toString(), requester.userId(),
                        content.build()));
        return ApiResponse.ok(JsonObject.builder().put("room_id", roomId.toString()).build());
    }

    /** leave (self), invite, kick, ban, unban: one member event each. */
    private ApiResponse membership(ApiRequest request, String membership, boolean targetsOther) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        JsonObject body = request.jsonBodyOrEmpty();
        UserId target = targetsOther ? UserId.parse(body.string("user_id")) : requester.userId();
        var content = JsonObject.builder().put("membership", membership);
        body.optionalString("reason").ifPresent(reason -> content.put("reason", reason));
        rooms.sendMembership(roomId, requester.userId(),
                () -> EventDraft.state("m.room.member", target.toString(), requester.userId(), content.build()));
        return ApiResponse.empty();
    }

    private static String eventType(ApiRequest request) {
        String type = request.pathParameter("type");
        if (type.isEmpty()) {
            throw MatrixException.invalidParam("Event type must not be empty");
        }
        return type;
    }

    private static String stateKey(ApiRequest request) {
        return request.pathParameters().getOrDefault("stateKey", "");
    }

    /** {@code ?org.matrix.msc4140.delay=}: never ignored, since a leave meant for later must not go out now. */
    private Optional<Long> delay(ApiRequest request) {
        return request.query(DELAY_PARAMETER).map(delayed::parseDelay);
    }

    /** {@code ?org.matrix.msc4354.sticky_duration_ms=}: a non-negative integer; above 1 h is kept, counted as 1 h. */
    static Optional<Long> stickyDuration(ApiRequest request) {
        return request.query(STICKY_PARAMETER).map(raw -> {
            long duration;
            try {
                duration = Long.parseLong(raw);
            } catch (NumberFormatException e) {
                throw MatrixException.invalidParam(STICKY_PARAMETER + " must be an integer");
            }
            if (duration < 0) {
                throw MatrixException.invalidParam(STICKY_PARAMETER + " must not be negative");
            }
            return duration;
        });
    }

    private static ApiResponse delayIdResponse(String delayId) {
        return ApiResponse.ok(JsonObject.builder().put("delay_id", delayId).build());
    }

    private static ApiResponse eventIdResponse(String eventId) {
        return ApiResponse.ok(JsonObject.builder().put("event_id", eventId).build());
    }

    private String randomLetters(int length) {
        var out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ROOM_ID_ALPHABET.charAt(random.nextInt(ROOM_ID_ALPHABET.length())));
        }
        return out.toString();
    }
}
