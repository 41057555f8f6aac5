package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;

/**
 * {@code /messages} (paginating the room's stream; {@code from} accepts a sync {@code next_batch} or a
 * {@code prev_batch}; history visibility and the {@code filter} parameter apply), one event (history visibility
 * applies), {@code /members} and {@code /joined_members}, from the current state.
 */
public final class HistoryEndpoints {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private final RoomService rooms;
    private final Authenticator authenticator;
    private final InstantSource clock;

    public HistoryEndpoints(RoomService rooms, Authenticator authenticator) {
        this(rooms, authenticator, InstantSource.system());
    }

    /** @param clock gives sticky events (MSC4354) their remaining time */
    public HistoryEndpoints(RoomService rooms, Authenticator authenticator, InstantSource clock) {
        this.rooms = rooms;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    public void register(Router router) {
        router.client("GET", "/rooms/{roomId}/messages", this::messages);
        router.client("GET", "/rooms/{roomId}/members", this::members);
        router.client("GET", "/rooms/{roomId}/event/{eventId}", this::event);
        router.client("GET", "/rooms/{roomId}/joined_members", this::joinedMembers);
    }

    private ApiResponse messages(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        String dir = request.query("dir").orElse("b");
        if (!dir.equals("b") && !dir.equals("f")) {
            throw MatrixException.invalidParam("dir must be 'b' or 'f'");
        }
        boolean backwards = dir.equals("b");
        int limit = request.query("limit").map(HistoryEndpoints::parseLimit).orElse(DEFAULT_LIMIT);
        long from = request.query("from").map(HistoryEndpoints::position)
                .orElseGet(() -> backwards ? rooms.maxPosition() : 0L);
        EventFilter filter = SyncFilter.roomEventFilter(request.query("filter"));
        RoomService.Page page = rooms.page(roomId, requester.userId(), from, backwards, limit);
        List<StoredEvent> chunk = filter.allowsRoom(roomId.toString()) ? page.visible().stream()
                .filter(e -> filter.allows(e.type(), e.sender().toString())).toList() : List.of();
        long now = clock.millis();
        var body = JsonObject.builder()
                .put("chunk", new JsonArray(chunk.stream()
                        .map(e -> (JsonValue) ClientEvents.toClient(e, requester.userId(), now)).toList()))
                .put("start", "s" + from)
                .put("state", new JsonArray(List.of()));
        endToken(page.raw(), backwards, limit).ifPresent(end -> body.put("end", end));
        return ApiResponse.ok(body.build());
    }

    /** No {@code end} when the page ran out: that tells the client there is nothing further. */
    private static Optional<String> endToken(List<StoredEvent> chunk, boolean backwards, int limit) {
        if (chunk.isEmpty() || chunk.size() < limit && backwards) {
            return Optional.empty();
        }
        long last = chunk.getLast().streamOrdering();
        return Optional.of("s" + (backwards ? last - 1 : last));
    }

    /** {@code GET /rooms/{roomId}/event/{eventId}}: one event, under history visibility. */
    private ApiResponse event(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        StoredEvent event = rooms.visibleEvent(roomId, requester.userId(), request.pathParameter("eventId"));
        return ApiResponse.ok(ClientEvents.toClient(event, requester.userId()));
    }

    private ApiResponse members(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        Optional<String> membership = request.query("membership");
        Optional<String> notMembership = request.query("not_membership");
        var chunk = rooms.state(roomId, requester.userId()).stream()
                .filter(e -> e.type().equals("m.room.member"))
                .filter(e -> {
                    String value = e.content().optionalString("membership").orElse("");
                    return membership.map(value::equals).orElse(true)
                            && notMembership.map(excluded -> !excluded.equals(value)).orElse(true);
                })
                .map(e -> (JsonValue) ClientEvents.toClient(e)).toList();
        return ApiResponse.ok(JsonObject.builder().put("chunk", new JsonArray(chunk)).build());
    }

    private ApiResponse joinedMembers(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        RoomId roomId = RoomId.parse(request.pathParameter("roomId"));
        var joined = JsonObject.builder();
        rooms.state(roomId, requester.userId()).stream()
                .filter(e -> e.type().equals("m.room.member"))
                .filter(e -> e.content().optionalString("membership").filter("join"::equals).isPresent())
                .forEach(e -> {
                    var profile = JsonObject.builder();
                    e.content().optionalString("displayname").ifPresent(name -> profile.put("display_name", name));
                    e.content().optionalString("avatar_url").ifPresent(url -> profile.put("avatar_url", url));
                    joined.put(e.stateKey().orElseThrow(), profile.build());
                });
        return ApiResponse.ok(JsonObject.builder().put("joined", joined.build()).build());
    }

    /** The event position in a sync token ({@code s12_3_4}) or pagination token ({@code s12}). */
    static long position(String token) {
        if (token.length() < 2 || token.charAt(0) != 's') {
            throw MatrixException.invalidParam("Unknown pagination token");
        }
        int end = token.indexOf('_');
        try {
            long position = Long.parseLong(end < 0 ? token.substring(1) : token.substring(1, end));
            if (position < 0) {
                throw MatrixException.invalidParam("Unknown pagination token");
            }
            return position;
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("Unknown pagination token");
        }
    }

    private static int parseLimit(String raw) {
        try {
            return (int) Math.max(1, Math.min(MAX_LIMIT, Long.parseLong(raw)));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("limit must be an integer");
        }
    }
}
