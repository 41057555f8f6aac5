package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.UserId;
import java.util.Objects;
import java.util.Optional;

/**
 * A local account.
 *
 * @param passwordHash absent for accounts that cannot log in with a password
 */
public record UserRecord(UserId id, Optional<String> passwordHash, long createdTs, boolean deactivated) {
    public UserRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(passwordHash, "passwordHash");
    }

    @Override
    public String toString() {
        return "UserRecord[" + id + (deactivated ? ", deactivated" : "") + "]";
    }
}
