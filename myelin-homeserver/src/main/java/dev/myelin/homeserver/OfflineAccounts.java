package dev.myelin.homeserver;

import dev.myelin.homeserver.auth.PasswordHasher;
import dev.myelin.homeserver.storage.UserRecord;
import dev.myelin.protocol.error.ErrorCode;
import dev.myelin.protocol.error.MatrixException;
import dev.myelin.protocol.id.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Optional;

/**
 * Account administration straight on the data directory, without a running server ({@code ./myelin register-user}).
 * Safe beside a running server: SQLite serialises the writers.
 */
public final class OfflineAccounts {
    private OfflineAccounts() {
    }

    /**
     * Creates an account with a password; the localpart must follow today's grammar (it is lower-cased).
     *
     * @throws MatrixException {@code M_USER_IN_USE} if taken, {@code M_INVALID_USERNAME} if malformed
     */
    public static UserId registerUser(HomeserverConfig config, String username, String password) {
        String localpart = username.toLowerCase(Locale.ROOT);
        UserId userId;
        try {
            userId = username.startsWith("@") ? UserId.parseStrict(localpart) : UserId.create(localpart,
                    config.serverName());
        } catch (IllegalArgumentException e) {
            throw new MatrixException(400, ErrorCode.INVALID_USERNAME, e.getMessage());
        }
        if (!userId.server().equals(config.serverName())) {
            throw new MatrixException(400, ErrorCode.INVALID_USERNAME, userId + " is not on " + config.serverName());
        }
        if (password.isEmpty()) {
            throw MatrixException.invalidParam("The password must not be empty");
        }
        try {
            Files.createDirectories(config.dataDirectory());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create data directory " + config.dataDirectory(), e);
        }
        String hash = new PasswordHasher(config.passwordHashIterations(), new SecureRandom()).hash(password);
        try (var storage = Homeserver.openStorage(config)) {
            boolean created = storage.write(repositories -> repositories.users()
                    .create(new UserRecord(userId, Optional.of(hash), config.clock().millis(), false)));
            if (!created) {
                throw new MatrixException(400, ErrorCode.USER_IN_USE, userId + " already exists");
            }
        }
        return userId;
    }
}
