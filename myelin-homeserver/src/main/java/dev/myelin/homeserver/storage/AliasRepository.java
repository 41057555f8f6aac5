package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.RoomAlias;
import dev.myelin.protocol.id.RoomId;
import dev.myelin.protocol.id.UserId;
import java.util.List;
import java.util.Optional;

public interface AliasRepository {
    record AliasRecord(RoomAlias alias, RoomId roomId, UserId creator) {
    }

    /** False if the alias is taken. */
    boolean create(AliasRecord alias);

    Optional<AliasRecord> find(RoomAlias alias);

    List<RoomAlias> forRoom(RoomId roomId);

    boolean delete(RoomAlias alias);
}
