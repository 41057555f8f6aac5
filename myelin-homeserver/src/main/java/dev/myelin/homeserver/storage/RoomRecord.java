package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.Objects;

/** A room this server holds; {@code roomVersion} is the version id ("10", "11"). */
public record RoomRecord(RoomId roomId, String roomVersion, UserId creator, long createdTs) {
    public RoomRecord {
        Objects.requireNonNull(roomId, "roomId");
        Objects.requireNonNull(roomVersion, "roomVersion");
        Objects.requireNonNull(creator, "creator");
    }
}
