package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;
import java.util.Map;

/** The room event stream and the current state derived from it. */
public interface EventRepository {
    /**
     * Stores the event at the end of the stream and, for a state event, makes it the current state of its
     * (type, state key). Returns the event with its stream position.
     */
    StoredEvent append(StoredEvent event);

    Optional<StoredEvent> find(String eventId);

    /** Replaces an event's stored PDU with its redacted form (the id, hashes and signatures stay valid). */
    void replacePdu(String eventId, JsonObject pdu);

    /** The room's newest event: the prev_event and depth of the next one. */
    Optional<StoredEvent> latest(RoomId roomId);

    List<StoredEvent> currentState(RoomId roomId);

    Optional<StoredEvent> currentState(RoomId roomId, String type, String stateKey);

    /**
     * The part of the current state that authorises a new event (create, power levels, join rules) plus the
     * membership of up to three users: what an event's authorization needs, whatever the size of the room (a call
     * room of a thousand members has a thousand member events).
     */
    List<StoredEvent> authState(RoomId roomId, List<UserId> members);

    /** How many members the room has per membership ({@code join}, {@code invite}, ...), from its current state. */
    Map<String, Long> membershipCounts(RoomId roomId);

    /**
     * Up to {@code limit} members other than {@code viewer}, earliest membership event first: only joined and
     * invited ones when {@code presentOnly}, else any who ever had a membership (a room's "heroes").
     */
    List<UserId> membersByAge(RoomId roomId, UserId viewer, boolean presentOnly, int limit);

    /** Whether any current state of these types was set after {@code position}. */
    boolean stateChangedSince(RoomId roomId, long position, List<String> types);

    /**
     * Every value the (type, state key) ever had in the room, oldest first: the membership and history visibility
     * in force at any event, for history visibility checks.
     */
    List<StoredEvent> stateHistory(RoomId roomId, String type, String stateKey);

    /** The user's rooms by current membership ("join", "invite", ...), each list in room id order: one query. */
    Map<String, List<RoomId>> roomsByMembership(UserId userId);

    /** Everyone with a membership event in the room, whatever it says now (join, invite, knock, leave, ban). */
    List<UserId> members(RoomId roomId);

    /** The room's state as it was right after the event at {@code position}: one server, one linear stream. */
    List<StoredEvent> stateAt(RoomId roomId, long position);

    /** Rooms where the user's current membership is {@code membership}. */
    List<RoomId> roomsWithMembership(UserId userId, String membership);

    /** Users joined to at least one room the user is joined to (the user included). */
    List<UserId> sharedRoomMembers(UserId user);

    /** Of those, the ones whose shared membership began after {@code since}: they joined, or the user did. */
    List<UserId> newlySharedMembers(UserId user, long since);

    /** The newest {@code limit} events of the room after {@code afterPosition} (exclusive), oldest first. */
    List<StoredEvent> recent(RoomId roomId, long afterPosition, int limit);

    /** Sticky events (MSC4354) still sticky at {@code now}, in the position range, oldest first. */
    List<StoredEvent> sticky(RoomId roomId, long afterPosition, long upToPosition, long now, int limit);

    /**
     * A page of the room's events for {@code /messages}: backwards, events at or before {@code from}, newest
     * first; forwards, events after {@code from}, oldest first.
     */
    List<StoredEvent> page(RoomId roomId, long from, boolean backwards, int limit);

    /** The newest position in the stream, 0 when empty. */
    long maxPosition();

    Optional<String> transaction(UserId userId, DeviceId deviceId, String txnId);

    void saveTransaction(UserId userId, DeviceId deviceId, String txnId, String eventId);
}
