package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.RoomId;
import java.util.Optional;

public interface RoomRepository {
    /** False if the room id is taken. */
    boolean create(RoomRecord room);

    Optional<RoomRecord> find(RoomId roomId);
}
