package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.RateLimit;
import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.RateLimiter;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.DelayedEvent;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonInteger;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.Optional;

/**
 * MSC4140 management and listing, under the unstable prefix only (as Synapse serves them). The access token is
 * optional on management: without one the delay id is the capability (lk-jwt-service's delegation calls that way);
 * with one it must be valid, it keys the rate limit, and only the owner may act.
 */
public final class DelayedEventEndpoints {
    static final String PREFIX = "/_matrix/client/unstable/org.matrix.msc4140/delayed_events";
    static final String SCHEDULE = "/_matrix/client/unstable/org.matrix.msc4140/rooms/{roomId}/delayed_event/{type}"
            + "/{txnId}";

    private final DelayedEvents delayed;
    private final Authenticator authenticator;
    /**
     * Unauthenticated calls from one client address share this many times the management limit: one lk-jwt-service
     * restarts the delegated leaves of every member of its calls (hundreds), yet a flood of guessed ids from one
     * address is cut off.
     */
    static final int ANONYMOUS_ADDRESS_FACTOR = 100;

    private final RateLimiter limiter;
    private final RateLimiter anonymousPerAddress;

    public DelayedEventEndpoints(DelayedEvents delayed, Authenticator authenticator, InstantSource clock) {
        this.delayed = delayed;
        this.authenticator = authenticator;
        RateLimit management = delayed.limits().management();
        this.limiter = new RateLimiter(management, clock);
        this.anonymousPerAddress = new RateLimiter(new RateLimit(management.perSecond() * ANONYMOUS_ADDRESS_FACTOR,
                management.burst() * ANONYMOUS_ADDRESS_FACTOR), clock);
    }

    public void register(Router router) {
        router.add("GET", PREFIX, this::list);
        router.add("GET", PREFIX + "/{delayId}", this::lookup);
        router.add("POST", PREFIX + "/{delayId}", this::legacyAction);
        router.add("POST", PREFIX + "/{delayId}/{action}", this::act);
        router.add("PUT", SCHEDULE, this::schedule);
    }

    /**
     * The newer MSC4140 form: {@code PUT …/rooms/{roomId}/delayed_event/{type}/{txnId}} with
     * {@code {"delay_ms" (or "delay"), "state_key"?, "content"}}; the same transaction id returns the same delay id.
     */
    private ApiResponse schedule(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        String type = request.pathParameter("type");
        if (type.isEmpty()) {
            throw MatrixException.invalidParam("Event type must not be empty");
        }
        Optional<Long> sticky = RoomEndpoints.stickyDuration(request);
        String txnId = request.pathParameter("txnId");
        // A retried PUT finds its delay id before its body is looked at (it may differ or be missing).
        Optional<String> earlier = delayed.scheduledByTxn(requester.userId(), requester.deviceId(), txnId);
        if (earlier.isPresent()) {
            return ApiResponse.ok(JsonObject.builder().put("delay_id", earlier.get()).build());
        }
        JsonObject body = request.jsonBody();
        long delay = delayed.checkDelay(body.optional("delay_ms", JsonInteger.class)
                .or(() -> body.optional("delay", JsonInteger.class))
                .orElseThrow(() -> MatrixException.missingParam("'delay_ms' is missing")).value());
        JsonObject content = body.optional("content", JsonObject.class)
                .orElseThrow(() -> MatrixException.missingParam("'content' is missing"));
        Optional<String> stateKey = body.optionalString("state_key");
        String delayId = delayed.schedule(requester.userId(), requester.deviceId(),
                Optional.of(txnId), roomId, type, stateKey, delay, sticky, () -> content);
        return ApiResponse.ok(JsonObject.builder().put("delay_id", delayId).build());
    }

    private ApiResponse list(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        limiter.acquire(requester.userId().toString());
        boolean finalised = request.query("status").filter("finalised"::equals).isPresent();
        var rows = delayed.list(requester.userId(), finalised).stream()
                .map(e -> (JsonValue) toJson(e)).toList();
        return ApiResponse.ok(JsonObject.builder().put("delayed_events",
                new JsonArray(rows)).build());
    }

    private ApiResponse lookup(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        limiter.acquire(requester.userId().toString());
        return delayed.lookup(request.pathParameter("delayId"), requester.userId())
                .map(e -> ApiResponse.ok(toJson(e)))
                .orElseThrow(() -> MatrixException.notFound("Delayed event not found"));
    }

    /** The older form: {@code POST …/delayed_events/{id}} with {@code {"action": …}}. */
    private ApiResponse legacyAction(ApiRequest request) {
        Optional<UserId> caller = caller(request);
        if (request.bodyBytes().length == 0) {
            throw MatrixException.notJson("Content not JSON: empty body");
        }
        String action = request.jsonBody().optionalString("action")
                .orElseThrow(() -> MatrixException.missingParam("'action' is missing"));
        if (!action.equals("cancel") && !action.equals("restart") && !action.equals("send")) {
            throw MatrixException.invalidParam("'action' must be one of cancel, restart, send");
        }
        return perform(request, caller, action);
    }

    private ApiResponse act(ApiRequest request) {
        String action = request.pathParameter("action");
        if (!action.equals("cancel") && !action.equals("restart") && !action.equals("send")) {
            throw MatrixException.unrecognized(404, "Unrecognized request");
        }
        return perform(request, caller(request), action);
    }

    private ApiResponse perform(ApiRequest request, Optional<UserId> caller, String action) {
        String delayId = request.pathParameter("delayId");
        // The user when a token came; else the delay id (the capability; Synapse keys by the client address alone,
        // which throttles one lk-jwt-service's delegated restarts for all its calls together), and the address under
        // a far larger limit, so guessing ids from one address is still cut off.
        if (caller.isPresent()) {
            limiter.acquire(caller.get().toString());
        } else {
            anonymousPerAddress.acquire(request.remoteAddress());
            limiter.acquire("delay:" + delayId);
        }
        switch (action) {
            case "cancel" -> delayed.cancel(delayId, caller);
            case "restart" -> delayed.restart(delayId, caller);
            default -> delayed.sendNow(delayId, caller);
        }
        return ApiResponse.empty();
    }

    /** The authenticated caller if a token came with the request (a bad one is a 401), else none. */
    private Optional<UserId> caller(ApiRequest request) {
        return Authenticator.token(request).map(token -> authenticator.authenticate(request).userId());
    }

    /** The client form of a row, with both the Synapse and the newer MSC field names. */
    static JsonObject toJson(DelayedEvent e) {
        long runningSince = e.sendTs() - e.delayMs();
        var json = JsonObject.builder()
                .put("delay_id", e.delayId())
                .put("room_id", e.roomId().toString())
                .put("type", e.type());
        e.stateKey().ifPresent(key -> json.put("state_key", key));
        json.put("delay", e.delayMs()).put("delay_ms", e.delayMs())
                .put("running_since", runningSince).put("scheduled_at", runningSince)
                .put("send_ts", e.sendTs())
                .put("content", e.content())
                .put("status", e.status().value());
        e.finalisedTs().ifPresent(ts -> json.put("finalised_ts", ts));
        e.eventId().ifPresent(id -> json.put("event_id", id));
        e.error().ifPresent(error -> json.put("error", (JsonValue) error));
        return json.build();
    }
}
