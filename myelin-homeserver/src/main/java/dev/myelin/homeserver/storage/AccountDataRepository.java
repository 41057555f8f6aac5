package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

/** Account data of users, global or per room, with a change stream for {@code /sync}. */
public interface AccountDataRepository {
    /** One entry; {@code roomId} empty for global account data. */
    record Entry(Optional<RoomId> roomId, String type, JsonObject content, long streamId) {
    }

    /** Stores (replacing) the content and returns its new stream position. */
    long put(UserId user, Optional<RoomId> roomId, String type, JsonObject content);

    Optional<JsonObject> get(UserId user, Optional<RoomId> roomId, String type);

    /** The user's entries changed after {@code afterStreamId} (0: all of them). */
    List<Entry> changedSince(UserId user, long afterStreamId);

    long position();
}
