package dev.myelin.homeserver.client;

import dev.myelin.authservice.OpenIdRejectedException;
import dev.myelin.authservice.OpenIdToken;
import dev.myelin.authservice.OpenIdValidator;
import dev.myelin.homeserver.auth.Secrets;
import dev.myelin.homeserver.storage.Storage;
import dev.myelin.protocol.id.ServerName;
import dev.myelin.protocol.id.UserId;
import java.time.InstantSource;
import java.util.Objects;
import java.util.Optional;

/**
 * OpenID validation for the mounted LiveKit authorization service: tokens this server issued are looked up in its own
 * storage, with no HTTP round trip; tokens of other servers go to {@code remote} (federation).
 */
public final class LocalOpenIdValidator implements OpenIdValidator {
    private final ServerName serverName;
    private final Storage storage;
    private final InstantSource clock;
    private final OpenIdValidator remote;

    public LocalOpenIdValidator(ServerName serverName, Storage storage, InstantSource clock, OpenIdValidator remote) {
        this.serverName = Objects.requireNonNull(serverName, "serverName");
        this.storage = Objects.requireNonNull(storage, "storage");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    @Override
    public String userIdFor(OpenIdToken token) {
        if (!token.matrixServerName().equals(serverName.value())) {
            return remote.userIdFor(token);
        }
        Optional<UserId> user = storage.read(repositories ->
                repositories.openIdTokens().find(Secrets.tokenHash(token.accessToken()), clock.millis()));
        return user.map(UserId::toString)
                .orElseThrow(() -> new OpenIdRejectedException("Access Token unknown or expired"));
    }
}
