package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.DeviceId;
import dev.myelin.protocol.id.UserId;
import java.util.Optional;

/** Access tokens, stored only as hashes: a copied database does not hand out sessions. */
public interface AccessTokenRepository {
    void create(String tokenHash, UserId userId, DeviceId deviceId, long createdTs);

    Optional<TokenOwner> find(String tokenHash);

    /** Deletes every token of the device; returns how many. */
    int deleteForDevice(UserId userId, DeviceId deviceId);
}
