package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.UserId;
import java.util.Optional;

public interface UserRepository {
    /** Creates the account; false (and nothing written) if the id is taken. */
    boolean create(UserRecord user);

    Optional<UserRecord> find(UserId id);
}
