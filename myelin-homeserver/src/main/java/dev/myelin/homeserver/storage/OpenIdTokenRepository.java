package dev.myelin.homeserver.storage;

import dev.myelin.protocol.id.UserId;
import java.util.Optional;

/** Short-lived OpenID tokens, stored as hashes. */
public interface OpenIdTokenRepository {
    void create(String tokenHash, UserId userId, long expiresTs);

    /** The owner if the token exists and has not expired at {@code nowMillis}. */
    Optional<UserId> find(String tokenHash, long nowMillis);

    /** Removes tokens expired at {@code nowMillis}; returns how many. */
    int deleteExpired(long nowMillis);
}
