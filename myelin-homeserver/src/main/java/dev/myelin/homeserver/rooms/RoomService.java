package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.events.Redaction;
import dev.myelin.homeserver.http.RateLimiter;
import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.homeserver.storage.AliasRepository;
import dev.myelin.homeserver.storage.DelayedEvent;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.RoomRecord;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.homeserver.storage.StoredEvent;
import dev.myelin.json.Json;
import dev.myelin.json.JsonObject;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomAlias;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.homeserver.events.ServerSigningKey;
import java.util.Comparator;
import dev.myelin.json.JsonValue;

/**
 * Creates rooms and appends events: each request's events are authorised against the current state, built, signed
 * and stored in one write transaction; waiting {@code /sync} requests are woken after it commits.
 */
public final class RoomService {
    /** The largest PDU the specification allows, in canonical JSON bytes. */
    static final int MAX_PDU_BYTES = 65_536;

    private final Storage storage;
    private final AppendInputs inputs = new AppendInputs();
    private final PduFactory pdus;
    private final StreamNotifier notifier;
    private final InstantSource clock;
    private final ServerName serverName;

    private final RateLimiter messageLimiter;

    public RoomService(ServerName serverName, Storage storage, ServerSigningKey key,
            StreamNotifier notifier, InstantSource clock, RateLimiter messageLimiter) {
        this.messageLimiter = messageLimiter;
        this.serverName = serverName;
        this.storage = storage;
        this.pdus = new PduFactory(serverName, key);
        this.notifier = notifier;
        this.clock = clock;
    }

    public ServerName serverName() {
        return serverName;
    }

    /** Creates a room from an ordered list of drafts (the first is the create event); returns the stored events. */
    List<StoredEvent> createRoom(RoomId roomId, RoomVersion version, UserId creator, List<EventDraft> drafts) {
        return createRoom(roomId, version, creator, drafts, Optional.empty());
    }

    List<StoredEvent> createRoom(RoomId roomId, RoomVersion version, UserId creator, List<EventDraft> drafts,
            Optional<RoomAlias> alias) {
        List<StoredEvent> stored = storage.write(repositories -> {
            if (!repositories.rooms().create(new RoomRecord(roomId, version.id(), creator, clock.millis()))) {
                throw new MatrixException(400, ErrorCode.ROOM_IN_USE, "Room id taken");
            }
            if (alias.isPresent() && !repositories.aliases().create(
                    new AliasRepository.AliasRecord(alias.get(), roomId, creator))) {
                throw new MatrixException(400, ErrorCode.ROOM_IN_USE,
                        "Room alias already taken");
            }
            return appendAll(repositories, roomId, version, new RoomState(List.of()), drafts);
        });
        wakeMembers(roomId);
        return stored;
    }

    /**
     * Appends one event. With a transaction id, a repeat from the same device returns the first event's id without
     * sending again (checked before the content is even parsed, since a retried PUT may differ).
     */
    public String send(RoomId roomId, UserId sender, Optional<TxnKey> txn, Supplier<EventDraft> draft) {
        return send(roomId, sender, txn, draft, true);
    }

    /** Membership changes: not under the message limit (Synapse limits joins separately; not yet here). */
    String sendMembership(RoomId roomId, UserId sender, Supplier<EventDraft> draft) {
        return send(roomId, sender, Optional.empty(), draft, false);
    }

    private String send(RoomId roomId, UserId sender, Optional<TxnKey> txn, Supplier<EventDraft> draft,
            boolean rateLimited) {
        if (txn.isPresent()) {
            Optional<String> earlier = storage.read(r -> r.events().transaction(sender, txn.get().device(),
                    txn.get().txnId()));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        if (rateLimited) {
            messageLimiter.acquire(sender.toString());
        }
        EventDraft event = draft.get();
        StoredEvent stored = storage.write(repositories -> {
            if (txn.isPresent()) {
                Optional<String> raced = repositories.events().transaction(sender, txn.get().device(), txn.get().txnId());
                if (raced.isPresent()) {
                    return repositories.events().find(raced.get()).orElseThrow();
                }
            }
            RoomVersion version = inputs.version(repositories, roomId);
            RoomState state = AppendInputs.authState(repositories, roomId, event);
            StoredEvent appended = appendAll(repositories, roomId, version, state,
                    List.of(event)).getFirst();
            txn.ifPresent(t -> repositories.events().saveTransaction(sender, t.device(), t.txnId(),
                    appended.eventId()));
            return appended;
        });
        wakeMembers(roomId);
        return stored.eventId();
    }

    /**
     * Redacts an event: allowed to its sender, or to anyone at the room's redact level. The target's stored PDU is
     * pruned at once, so every later read (state, history, sync) serves the redacted form.
     */
    public String redact(RoomId roomId, UserId sender, TxnKey txn, String targetId, JsonObject content) {
        Optional<String> earlier = storage.read(r -> r.events().transaction(sender, txn.device(), txn.txnId()));
        if (earlier.isPresent()) {
            return earlier.get();
        }
        messageLimiter.acquire(sender.toString());
        StoredEvent stored = storage.write(repositories -> {
            RoomVersion version = inputs.version(repositories, roomId);
            StoredEvent target = repositories.events().find(targetId).filter(e -> e.roomId().equals(roomId))
                    .orElseThrow(() -> MatrixException.notFound("Event not found"));
            EventDraft draft = EventDraft.redaction(sender, targetId, content);
            RoomState state = AppendInputs.authState(repositories, roomId, draft);
            PowerLevels levels = state.powerLevels();
            if (!target.sender().equals(sender) && levels.userLevel(sender) < levels.redact()) {
                throw MatrixException.forbidden("You don't have permission to redact events");
            }
            StoredEvent redaction = appendAll(repositories, roomId, version, state, List.of(draft)).getFirst();
            repositories.events().replacePdu(targetId, Redaction.redact(target.pdu(),
                    version));
            repositories.events().saveTransaction(sender, txn.device(), txn.txnId(), redaction.eventId());
            return redaction;
        });
        wakeMembers(roomId);
        return stored.eventId();
    }

    private List<StoredEvent> appendAll(Repositories repositories, RoomId roomId, RoomVersion version, RoomState state,
            List<EventDraft> drafts) {
        return appendAll(repositories, roomId, version, state, drafts, clock.millis(), Optional.empty());
    }

    /**
     * @param originTs {@code origin_server_ts} of the new events
     * @param delayId  the delayed event (MSC4140) they come from: recorded in the PDU's {@code unsigned}, which is
     *                 outside hashes and signatures, and shown to the sender only
     */
    private List<StoredEvent> appendAll(Repositories repositories, RoomId roomId, RoomVersion version, RoomState state,
            List<EventDraft> drafts, long originTs, Optional<String> delayId) {
        var stored = new ArrayList<StoredEvent>();
        Optional<StoredEvent> previous = repositories.events().latest(roomId);
        for (EventDraft draft : drafts) {
            AuthRules.check(version, draft, state);
            StoredEvent event = pdus.build(roomId, version, draft, state, previous, originTs);
            if (Json.canonicalBytes(event.pdu()).length > MAX_PDU_BYTES) {
                throw MatrixException.tooLarge("Event is larger than " + MAX_PDU_BYTES + " bytes");
            }
            if (delayId.isPresent()) {
                event = new StoredEvent(0, event.eventId(), event.roomId(), event.type(), event.stateKey(),
                        event.sender(), event.depth(), event.originServerTs(), event.pdu().with("unsigned",
                                JsonObject.builder().put(ClientEvents.DELAY_ID_KEY, delayId.get()).build()));
            }
            StoredEvent appended = repositories.events().append(event);
            if (appended.isState()) {
                // A new state value supersedes other users' pending delayed state for the key (as Synapse does).
                repositories.delayedEvents().cancelOthersForStateKey(roomId, appended.type(),
                        appended.stateKey().orElseThrow(), appended.sender(), clock.millis());
            }
            state.apply(appended);
            stored.add(appended);
            previous = Optional.of(appended);
        }
        return stored;
    }

    /**
     * Sends a due delayed event inside the caller's transaction (the one that claimed it): normal authorisation
     * against the state at send time, {@code origin_server_ts} = its scheduled time. Nothing is written if it fails.
     */
    StoredEvent appendDelayed(Repositories repositories, DelayedEvent delayed) {
        RoomVersion version = inputs.version(repositories, delayed.roomId());
        EventDraft draft = new EventDraft(delayed.type(), delayed.stateKey(), delayed.userId(), delayed.content(),
                Optional.empty(), delayed.stickyDurationMs());
        RoomState state = AppendInputs.authState(repositories, delayed.roomId(), draft);
        return appendAll(repositories, delayed.roomId(), version, state, List.of(draft),
                delayed.sendTs(), Optional.of(delayed.delayId())).getFirst();
    }

    /**
     * After a commit that appended to the room: wakes the parked syncs of everyone with a membership in it (read
     * after the commit, so a user joining meanwhile is included too; members never drop out of the list).
     */
    private void wakeMembers(RoomId roomId) {
        notifier.poke(storage.read(repositories -> repositories.events().members(roomId)));
    }

    /** Wakes waiting {@code /sync} requests after a transaction that appended events committed. */
    void eventsAppended() {
        notifier.poke();
    }

    /** Takes one token of the sender's message limit, or throws the 429. */
    void acquireMessageToken(UserId sender) {
        messageLimiter.acquire(sender.toString());
    }

    /** {@code {membership: join}} with the user's display name and avatar, as Synapse writes join events. */
    public JsonObject joinContent(UserId user) {
        var profile = storage.read(repositories -> repositories.profiles().find(user));
        var content = JsonObject.builder().put("membership", "join");
        String displayname = profile.flatMap(p -> p.displayname()).orElse(profile.isPresent() ? null
                : user.localpart());
        if (displayname != null) {
            content.put("displayname", displayname);
        }
        profile.flatMap(p -> p.avatarUrl()).ifPresent(url -> content.put("avatar_url", url));
        return content.build();
    }

    /**
     * The content of a join: for a restricted room the user is not invited to, names a local member who may invite
     * ({@code join_authorised_via_users_server}) once the user is joined to one of the rooms the join rule allows;
     * otherwise unchanged (and the auth rules decide).
     */
    JsonObject authoriseJoin(RoomId roomId, UserId user, JsonObject content) {
        return storage.read(repositories -> {
            RoomState state = new RoomState(repositories.events().currentState(roomId));
            if (!AuthRules.isRestricted(state.joinRule()) || Set.of("join", "invite").contains(state.membership(user))) {
                return content;
            }
            JsonObject rule = state.get("m.room.join_rules", "").map(StoredEvent::content).orElse(JsonObject.EMPTY);
            boolean allowed = rule.optionalArray("allow").map(allow -> allow.elements().stream()
                    .filter(JsonObject.class::isInstance).map(JsonObject.class::cast)
                    .filter(entry -> entry.lenientString("type").filter("m.room_membership"::equals).isPresent())
                    .flatMap(entry -> entry.lenientString("room_id").stream())
                    .anyMatch(allowedRoom -> repositories.events().roomsWithMembership(user, "join").stream()
                            .anyMatch(joined -> joined.toString().equals(allowedRoom))))
                    .orElse(false);
            if (!allowed) {
                return content;
            }
            PowerLevels levels = state.powerLevels();
            return state.all().stream()
                    .filter(e -> e.type().equals("m.room.member"))
                    .filter(e -> e.content().lenientString("membership").filter("join"::equals).isPresent())
                    .map(e -> UserId.parse(e.stateKey().orElseThrow()))
                    .filter(member -> member.server().equals(serverName) && levels.userLevel(member) >= levels.invite())
                    .sorted(Comparator.comparing(UserId::toString))
                    .findFirst()
                    .map(via -> content.with(AuthRules.AUTHORISED_VIA, JsonValue.of(via.toString())))
                    .orElseThrow(() -> new MatrixException(400, ErrorCode.UNABLE_TO_GRANT_JOIN,
                            "No member of the room can authorise the join"));
        });
    }

    /** After a profile change: a new join event with the new name and avatar in every room the user is in. */
    public void refreshMemberships(UserId user) {
        JsonObject content = joinContent(user);
        for (RoomId roomId : joinedRooms(user)) {
            sendMembership(roomId, user, () -> EventDraft.state("m.room.member", user.toString(), user, content));
        }
    }

    /** The room's current state, for a member who is joined. */
    public List<StoredEvent> state(RoomId roomId, UserId user) {
        return storage.read(repositories -> visibleState(repositories, roomId, user));
    }

    public Optional<StoredEvent> stateEvent(RoomId roomId, UserId user, String type, String stateKey) {
        return storage.read(repositories -> visibleState(repositories, roomId, user).stream()
                .filter(e -> e.type().equals(type) && e.stateKey().filter(stateKey::equals).isPresent())
                .findFirst());
    }

    /**
     * The state a user may read: the current state while joined (or when the room is world-readable); for a user
     * who left after being joined, the state as it was when they left (as the spec asks); 403 for anyone else, a
     * banned user included (as Synapse answers).
     */
    private static List<StoredEvent> visibleState(Repositories repositories, RoomId roomId, UserId user) {
        if (repositories.rooms().find(roomId).isEmpty()) {
            throw MatrixException.notFound("Unknown room " + roomId);
        }
        List<StoredEvent> current = repositories.events().currentState(roomId);
        RoomState state = new RoomState(current);
        String membership = state.membership(user);
        if (membership.equals("join") || state.get("m.room.history_visibility", "")
                .flatMap(e -> e.content().lenientString("history_visibility"))
                .filter("world_readable"::equals).isPresent()) {
            return current;
        }
        if (membership.equals("leave")) {
            List<StoredEvent> memberships = repositories.events().stateHistory(roomId, "m.room.member",
                    user.toString());
            boolean wasJoined = memberships.stream()
                    .anyMatch(e -> e.content().lenientString("membership").filter("join"::equals).isPresent());
            if (wasJoined) {
                return repositories.events().stateAt(roomId, memberships.getLast().streamOrdering());
            }
        }
        throw MatrixException.forbidden("User " + user + " not in room " + roomId);
    }

    /**
     * A page of {@code /messages}: the raw page (its last position makes the next token) and the events of it the
     * user may see under the room's history visibility. A user who was never in the room (nor invited) gets 403,
     * unless the room is world-readable.
     */
    public Page page(RoomId roomId, UserId user, long from, boolean backwards, int limit) {
        return storage.read(repositories -> {
            if (repositories.rooms().find(roomId).isEmpty()) {
                throw MatrixException.notFound("Unknown room " + roomId);
            }
            var visibility = HistoryVisibility.of(repositories.events(), roomId, user);
            if (!visibility.mayRead()) {
                throw MatrixException.forbidden("User " + user + " not in room " + roomId);
            }
            List<StoredEvent> raw = repositories.events().page(roomId, from, backwards, limit);
            return new Page(raw, raw.stream().filter(visibility).toList());
        });
    }

    /**
     * One event of the room, if the user may see it under history visibility: 403 for someone who may not read the
     * room at all, 404 for an event that is not in the room or not visible to them.
     */
    public StoredEvent visibleEvent(RoomId roomId, UserId user, String eventId) {
        return storage.read(repositories -> {
            if (repositories.rooms().find(roomId).isEmpty()) {
                throw MatrixException.notFound("Unknown room " + roomId);
            }
            var visibility = HistoryVisibility.of(repositories.events(), roomId, user);
            if (!visibility.mayRead()) {
                throw MatrixException.forbidden("User " + user + " not in room " + roomId);
            }
            return repositories.events().find(eventId).filter(e -> e.roomId().equals(roomId)).filter(visibility)
                    .orElseThrow(() -> MatrixException.notFound("Event not found"));
        });
    }

    /** @param raw the stored page; {@code visible} the part of it shown */
    public record Page(List<StoredEvent> raw, List<StoredEvent> visible) {
    }

    public long maxPosition() {
        return storage.read(repositories -> repositories.events().maxPosition());
    }

    /** The room an alias of this server points at. */
    public RoomId resolve(RoomAlias alias) {
        return storage.read(repositories -> repositories.aliases().find(alias))
                .map(AliasRepository.AliasRecord::roomId)
                .orElseThrow(() -> MatrixException.notFound("Room alias " + alias + " not found"));
    }

    public List<RoomId> joinedRooms(UserId user) {
        return storage.read(repositories -> repositories.events().roomsWithMembership(user, "join"));
    }

    /** The idempotency key of a send: per sending device. */
    public record TxnKey(DeviceId device, String txnId) {
    }
}
