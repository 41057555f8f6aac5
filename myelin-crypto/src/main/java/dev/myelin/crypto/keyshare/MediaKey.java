package dev.myelin.crypto.keyshare;

import dev.myelin.crypto.SecretBytes;
import java.util.Objects;

/** One of a sender's media keys: its index in the receivers' 256-slot key ring and the secret itself. */
public record MediaKey(int index, SecretBytes key) {
    public static final int RING_SIZE = 256;

    public MediaKey {
        if (index < 0 || index >= RING_SIZE) {
            throw new IllegalArgumentException("key index must be 0-255, not " + index);
        }
        Objects.requireNonNull(key, "key");
    }

    /** The index the next key takes. */
    public int nextIndex() {
        return (index + 1) % RING_SIZE;
    }
}
