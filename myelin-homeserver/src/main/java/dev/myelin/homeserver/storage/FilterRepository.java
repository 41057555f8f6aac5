package dev.myelin.homeserver.storage;

import dev.myelin.json.JsonObject;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;

/** Sync filters, numbered per user from 0. */
public interface FilterRepository {
    long create(UserId userId, JsonObject filter);

    Optional<JsonObject> find(UserId userId, long filterNumber);
}
