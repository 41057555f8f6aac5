package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.UserId;
import java.util.Optional;

public interface ProfileRepository {
    record Profile(Optional<String> displayname, Optional<String> avatarUrl) {
    }

    Optional<Profile> find(UserId user);

    void put(UserId user, Profile profile);
}
