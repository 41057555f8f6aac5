package dev.myelin.homeserver.client;

import dev.myelin.homeserver.HomeserverConfig;
import dev.myelin.homeserver.auth.Authenticator;
import dev.myelin.homeserver.auth.PasswordHasher;
import dev.myelin.homeserver.auth.Secrets;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.protocol.id.ServerName;
import java.util.Objects;

/** What the Client-Server endpoints share: configuration, storage and the auth helpers. */
public record ClientContext(HomeserverConfig config, Storage storage, Authenticator authenticator,
        PasswordHasher passwords, Secrets secrets, AuthLimiters limiters) {

    public ClientContext(HomeserverConfig config, Storage storage, Authenticator authenticator,
            PasswordHasher passwords, Secrets secrets) {
        this(config, storage, authenticator, passwords, secrets, new AuthLimiters(config.authRateLimits(),
                config.clock()));
    }

    public ClientContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(passwords, "passwords");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(limiters, "limiters");
    }

    public ServerName serverName() {
        return config.serverName();
    }

    public long now() {
        return config.clock().millis();
    }
}
