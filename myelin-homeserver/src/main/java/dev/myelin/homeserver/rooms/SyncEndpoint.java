package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.Requester;
import dev.myelin.homeserver.devices.KeysEndpoints;
import dev.myelin.homeserver.http.ApiRequest;
import dev.myelin.homeserver.http.ApiResponse;
import dev.myelin.homeserver.http.Router;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.homeserver.storage.ToDeviceMessage;
import dev.myelin.json.JsonArray;
import dev.myelin.json.JsonObject;
import dev.myelin.json.JsonValue;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /sync}: joined rooms (state, timeline, limited, prev_batch), invites and leaves, long-polling on the
 * event stream, and to-device messages (deleted once a later token acknowledges them). The filter ({@link SyncFilter})
 * narrows rooms and each section; timelines show only what the room's history visibility lets the user see.
 */
public final class SyncEndpoint {
    static final long MAX_TIMEOUT_MS = 5 * 60_000;
    /** Per response; while a response carries to-device messages js-sdk syncs again at once. */
    static final int TO_DEVICE_LIMIT = 100;

    /**
     * {@code s<events>_<to-device>_<device lists>_<account data>_<receipts>_<typing>_<sticky>}: a position in each
     * stream a sync reports; opaque to clients. The sticky part ({@link StickyPosition}) says which sticky events
     * (MSC4354) are still owed. Tokens issued before it existed have six parts and stand for sticky events delivered
     * up to their event position.
     */
    record SyncToken(long events, long toDevice, long deviceLists, long accountData, long receipts, long typing,
            StickyPosition sticky) {
        static SyncToken parse(String token) {
            String[] parts = token.startsWith("s") ? token.substring(1).split("_", -1) : new String[0];
            try {
                if (parts.length == 6 || parts.length == 7) {
                    long[] values = new long[6];
                    for (int i = 0; i < values.length; i++) {
                        values[i] = Long.parseLong(parts[i]);
                        if (values[i] < 0) {
                            throw MatrixException.invalidParam("Unknown sync token");
                        }
                    }
                    return new SyncToken(values[0], values[1], values[2], values[3], values[4], values[5],
                            parts.length == 7 ? StickyPosition.parse(parts[6]) : StickyPosition.at(values[0]));
                }
            } catch (IllegalArgumentException | ArithmeticException e) {
                // Not a number, or a sticky part this server does not write: falls through to the error below.
            }
            throw MatrixException.invalidParam("Unknown sync token");
        }

        @Override
        public String toString() {
            return "s" + events + "_" + toDevice + "_" + deviceLists + "_" + accountData + "_" + receipts + "_"
                    + typing + "_" + sticky;
        }
    }

    private final Storage storage;
    private final StreamNotifier notifier;
    private final Authenticator authenticator;
    private final TypingState typing;
    private final InstantSource clock;

    public SyncEndpoint(Storage storage, StreamNotifier notifier, Authenticator authenticator, TypingState typing) {
        this(storage, notifier, authenticator, typing, InstantSource.system());
    }

    /** @param clock decides which sticky events (MSC4354) are still sticky */
    public SyncEndpoint(Storage storage, StreamNotifier notifier, Authenticator authenticator, TypingState typing,
            InstantSource clock) {
        this.clock = clock;
        this.storage = storage;
        this.notifier = notifier;
        this.authenticator = authenticator;
        this.typing = typing;
    }

    public void register(Router router) {
        router.client("GET", "/sync", this::sync);
        router.client("GET", "/keys/changes", this::keyChanges);
    }

    /** Users whose devices changed between two sync tokens, among those sharing a room (as in device_lists). */
    private ApiResponse keyChanges(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        SyncToken from = SyncToken.parse(request.query("from")
                .orElseThrow(() -> MatrixException.missingParam("Missing 'from' parameter")));
        SyncToken to = SyncToken.parse(request.query("to")
                .orElseThrow(() -> MatrixException.missingParam("Missing 'to' parameter")));
        List<UserId> changed = storage.read(repositories -> DeviceListChanges.changed(repositories,
                requester.userId(), from.events(), from.deviceLists(), to.deviceLists()));
        return ApiResponse.ok(JsonObject.builder()
                .put("changed", JsonValue.ofStrings(changed.stream().map(UserId::toString).toList()))
                .put("left", new JsonArray(List.of()))
                .build());
    }

    private ApiResponse sync(ApiRequest request) {
        Requester requester = authenticator.authenticate(request);
        Optional<SyncToken> sinceToken = request.query("since").map(SyncToken::parse);
        long since = sinceToken.map(SyncToken::events).orElse(-1L);
        long toDeviceAcknowledged = sinceToken.map(SyncToken::toDevice).orElse(0L);
        long deviceListsSince = sinceToken.map(SyncToken::deviceLists).orElse(-1L);
        long accountDataSince = sinceToken.map(SyncToken::accountData).orElse(0L);
        long receiptsSince = sinceToken.map(SyncToken::receipts).orElse(0L);
        long typingSince = sinceToken.map(SyncToken::typing).orElse(0L);
        StickyPosition stickySince = sinceToken.map(SyncToken::sticky).orElse(StickyPosition.at(0));
        boolean fullState = request.query("full_state").filter("true"::equals).isPresent();
        SyncFilter filter = SyncFilter.resolve(storage, requester.userId(), request.query("filter"));
        long timeout = request.query("timeout").map(SyncEndpoint::parseTimeout).orElse(0L);
        long deadline = System.nanoTime() + Duration.ofMillis(timeout).toNanos();
        if (toDeviceAcknowledged > 0) {
            // Syncing with a token past them acknowledges the to-device messages delivered before: now they go.
            storage.write(repositories -> repositories.toDevice().acknowledge(requester.userId(),
                    requester.deviceId(), toDeviceAcknowledged));
        }
        while (true) {
            long seen = notifier.version(requester.userId());
            Result result = storage.read(repositories -> build(repositories, requester,
                    new SyncToken(since, toDeviceAcknowledged, deviceListsSince, fullState ? 0 : accountDataSince,
                            fullState ? 0 : receiptsSince, typingSince, stickySince),
                    fullState, filter));
            long remaining = deadline - System.nanoTime();
            if (since < 0 || fullState || result.hasUpdates() || remaining <= 0 || notifier.isClosed()) {
                return ApiResponse.ok(result.body());
            }
            // Nothing for this device yet: park until something is committed, then look again.
            try {
                notifier.awaitChange(requester.userId(), seen, Duration.ofNanos(remaining));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ApiResponse.ok(result.body());
            }
        }
    }

    private record Result(JsonObject body, boolean hasUpdates) {
    }

    private Result build(Repositories repositories, Requester requester, SyncToken from, boolean fullState,
            SyncFilter filter) {
        UserId user = requester.userId();
        long since = from.events();
        long toDeviceAfter = from.toDevice();
        long deviceListsSince = from.deviceLists();
        long accountDataPosition = repositories.accountData().position();
        long receiptPosition = repositories.receipts().position();
        long typingPosition = typing.serial();
        var accountData = repositories.accountData().changedSince(user, from.accountData());
        Map<RoomId, List<JsonValue>> roomAccountData = new HashMap<>();
        List<JsonValue> globalAccountData = new ArrayList<>();
        for (var entry : accountData) {
            JsonValue event = JsonObject.builder().put("type", entry.type()).put("content", entry.content()).build();
            entry.roomId().ifPresentOrElse(room -> roomAccountData.computeIfAbsent(room, k -> new ArrayList<>())
                    .add(event), () -> globalAccountData.add(event));
        }
        List<JsonValue> globalData = SyncFilter.apply(filter.accountData(), globalAccountData);
        int roomAccountDataCount = 0;
        long position = repositories.events().maxPosition();
        long deviceListPosition = repositories.keys().deviceListPosition();
        List<UserId> changedDevices = deviceListsSince < 0 ? List.of()
                : DeviceListChanges.changed(repositories, user, since, deviceListsSince, deviceListPosition);
        List<ToDeviceMessage> toDevice = repositories.toDevice().pending(user, requester.deviceId(), toDeviceAfter,
                TO_DEVICE_LIMIT);
        long toDevicePosition = toDevice.isEmpty() ? toDeviceAfter : toDevice.getLast().streamId();
        long now = clock.millis();
        Map<String, List<RoomId>> memberships = repositories.events().roomsByMembership(user);
        Map<RoomId, SyncRooms.RoomTimeline> timelines = new LinkedHashMap<>();
        for (RoomId roomId : memberships.getOrDefault("join", List.of())) {
            if (filter.includesRoom(roomId.toString())) {
                timelines.put(roomId, SyncRooms.roomTimeline(repositories, user, roomId, since, position, filter));
            }
        }
        List<StickySection.JoinedRoom> stickyRooms = timelines.values().stream()
                .map(t -> new StickySection.JoinedRoom(t.roomId(), t.events(), t.joinedAt())).toList();
        StickySection.Result sticky = StickySection.collect(repositories, user,
                since < 0 ? StickyPosition.at(0) : from.sticky(), since, position, now, stickyRooms);
        var join = JsonObject.builder();
        for (var entry : timelines.entrySet()) {
            RoomId roomId = entry.getKey();
            List<JsonValue> roomData = SyncFilter.apply(filter.roomAccountData(), roomId.toString(),
                    roomAccountData.getOrDefault(roomId, List.of()));
            roomAccountDataCount += roomData.size();
            var allEphemeral = new ArrayList<>(Receipts.ephemeral(repositories.receipts().changedSince(roomId,
                    from.receipts()), user));
            typing.changedSince(roomId, from.typing()).ifPresent(users -> allEphemeral.add(JsonObject.builder()
                    .put("type", "m.typing").put("content", JsonObject.builder().put("user_ids",
                            JsonValue.ofStrings(users.stream().map(UserId::toString).toList())).build()).build()));
            List<JsonValue> ephemeral = SyncFilter.apply(filter.ephemeral(), roomId.toString(), allEphemeral);
            SyncRooms.joinedRoom(repositories, user, entry.getValue(), since, fullState, !roomData.isEmpty() || !ephemeral.isEmpty(),
                    position, now, filter, Optional.ofNullable(sticky.events().get(roomId)))
                    .map(room -> room.with("account_data", JsonObject.builder().put("events",
                            new JsonArray(roomData)).build()).with("ephemeral", JsonObject.builder().put("events",
                            new JsonArray(ephemeral)).build()))
                    .ifPresent(room -> join.put(roomId.toString(), room));
        }
        JsonObject invited = SyncRooms.strippedRooms(repositories, user, memberships.getOrDefault("invite", List.of()), since,
                filter, "invite_state");
        // Knocks: like invites, the stripped state a client shows while waiting, and the user's own knock.
        JsonObject knocked = SyncRooms.strippedRooms(repositories, user, memberships.getOrDefault("knock", List.of()), since,
                filter, "knock_state");
        var leave = JsonObject.builder();
        // Rooms left since the last sync; on an initial sync only with include_leave (then all left rooms).
        if (since >= 0 || filter.includeLeave()) {
            for (String membership : List.of("leave", "ban")) {
                for (RoomId roomId : memberships.getOrDefault(membership, List.of())) {
                    if (!filter.includesRoom(roomId.toString())) {
                        continue;
                    }
                    StoredEvent own = SyncRooms.ownMembership(repositories, roomId, user);
                    if (own.streamOrdering() > since) {
                        leave.put(roomId.toString(), SyncRooms.leftRoom(repositories, user, roomId, since, own, filter, now));
                    }
                }
            }
        }
        JsonObject joined = join.build();
        JsonObject left = leave.build();
        boolean hasUpdates = joined.size() + invited.size() + left.size() + knocked.size() + toDevice.size()
                + changedDevices.size() + globalData.size() + roomAccountDataCount > 0;
        var toDeviceEvents = toDevice.stream().map(m -> (JsonValue) JsonObject.builder()
                .put("content", m.content()).put("sender", m.sender().toString()).put("type", m.type()).build())
                .toList();
        return new Result(JsonObject.builder()
                .put("next_batch", new SyncToken(position, toDevicePosition, deviceListPosition, accountDataPosition,
                        receiptPosition, typingPosition, sticky.next()).toString())
                .put("rooms", JsonObject.builder().put("join", joined).put("invite", invited).put("leave", left)
                        .put("knock", knocked).build())
                .put("account_data", JsonObject.builder().put("events", new JsonArray(globalData)).build())
                .put("presence", SyncRooms.events(List.of()))
                .put("to_device", JsonObject.builder().put("events", new JsonArray(toDeviceEvents)).build())
                .put("device_lists", JsonObject.builder()
                        .put("changed", JsonValue.ofStrings(changedDevices.stream().map(UserId::toString).toList()))
                        .put("left", new JsonArray(List.of())).build())
                .put("device_one_time_keys_count", KeysEndpoints.countsJson(
                        repositories.keys().oneTimeKeyCounts(user, requester.deviceId())))
                .put("device_unused_fallback_key_types", JsonValue.ofStrings(
                        repositories.keys().unusedFallbackAlgorithms(user, requester.deviceId())))
                .build(), hasUpdates);
    }

    static long parseTimeout(String raw) {
        try {
            return Math.max(0, Math.min(MAX_TIMEOUT_MS, Long.parseLong(raw)));
        } catch (NumberFormatException e) {
            throw MatrixException.invalidParam("timeout must be an integer");
        }
    }
}
