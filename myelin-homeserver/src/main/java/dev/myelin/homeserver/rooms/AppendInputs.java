package dev.myelin.homeserver.rooms;

import dev.myelin.homeserver.events.RoomVersion;
import dev.myelin.homeserver.storage.Repositories;
import dev.myelin.homeserver.storage.RoomRecord;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.InvalidIdentifierException;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What appending an event needs to read of its room, read cheaply: each send pays for these inside the writer's
 * transaction (a delayed leave, inside the scheduler's), so they are kept to what the rules look at.
 */
final class AppendInputs {
    /** A room's version never changes (an upgrade makes a new room), so it is read once per room. */
    private final Map<RoomId, RoomVersion> versions = new ConcurrentHashMap<>();

    /** The room's version; 404 for an unknown room. */
    RoomVersion version(Repositories repositories, RoomId roomId) {
        RoomVersion known = versions.get(roomId);
        if (known != null) {
            return known;
        }
        RoomRecord room = repositories.rooms().find(roomId)
                .orElseThrow(() -> MatrixException.notFound("Unknown room " + roomId));
        RoomVersion version = RoomVersion.of(room.roomVersion());
        versions.put(roomId, version);
        return version;
    }

    /**
     * The state that authorises {@code draft} and names its auth events: create, power levels, join rules and the
     * memberships of the sender, the target of a member event and the member vouching for a restricted join; not
     * the whole state, which in a call room is mostly other members. The whole state only where the rules look at
     * all of it: the creator's first join, recognised by a room holding nothing but its create event.
     */
    static RoomState authState(Repositories repositories, RoomId roomId, EventDraft draft) {
        var members = new ArrayList<UserId>(3);
        members.add(draft.sender());
        if (draft.type().equals("m.room.member")) {
            draft.stateKey().flatMap(AppendInputs::userId).ifPresent(members::add);
            draft.content().lenientString(AuthRules.AUTHORISED_VIA).flatMap(AppendInputs::userId)
                    .ifPresent(members::add);
        }
        RoomState state = new RoomState(repositories.events().authState(roomId, members));
        return state.all().size() == 1 ? new RoomState(repositories.events().currentState(roomId)) : state;
    }

    private static Optional<UserId> userId(String raw) {
        try {
            return Optional.of(UserId.parse(raw));
        } catch (InvalidIdentifierException e) {
            return Optional.empty();
        }
    }
}
