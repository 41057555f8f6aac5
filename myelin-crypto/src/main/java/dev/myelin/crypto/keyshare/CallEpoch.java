package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;
import java.util.Objects;

/** One epoch of a call: its id and the 32-byte secret every member derives each sender's media key from. */
public record CallEpoch(EpochId id, SecretBytes secret) {
    public static final int SECRET_LENGTH = 32;

    public CallEpoch {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secret, "secret");
        if (secret.length() != SECRET_LENGTH) {
            throw new IllegalArgumentException("an epoch secret has " + SECRET_LENGTH + " bytes, not "
                    + secret.length());
        }
    }
}
