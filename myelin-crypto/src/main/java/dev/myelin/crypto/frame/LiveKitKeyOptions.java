package dev.myelin.crypto.frame;

import java.util.Objects;

/**
 * LiveKit key-provider options ({@code KeyProviderOptions}). No secrets.
 *
 * @param ratchetSalt salt of every derivation and ratchet, UTF-8 encoded
 * @param ratchetWindowSize how many ratchet steps a receiver tries after a failed decryption (0: none)
 * @param failureTolerance failures of one key index after which its frames are dropped unread (negative: never)
 * @param keyringSize slots per participant, 1 to 256
 * @param keySizeBits AES key size, 128 or 256
 */
public record LiveKitKeyOptions(
        String ratchetSalt, int ratchetWindowSize, int failureTolerance, int keyringSize, int keySizeBits) {
    public static final String DEFAULT_RATCHET_SALT = "LKFrameEncryptionKey";

    /** livekit-client's defaults ({@code KEY_PROVIDER_DEFAULTS}). */
    public static final LiveKitKeyOptions LIBRARY_DEFAULTS =
            new LiveKitKeyOptions(DEFAULT_RATCHET_SALT, 8, 10, 16, 128);

    /** Element Call's key provider: ratchet window 10, 256-slot ring (Matrix key indices are {@code (prev+1) % 256}). */
    public static final LiveKitKeyOptions ELEMENT_CALL = new LiveKitKeyOptions(DEFAULT_RATCHET_SALT, 10, 10, 256, 128);

    /** livekit-client's shared-passphrase provider: no ratchet, no failure tolerance. */
    public static final LiveKitKeyOptions SHARED_PASSPHRASE =
            new LiveKitKeyOptions(DEFAULT_RATCHET_SALT, 0, -1, 16, 128);

    public LiveKitKeyOptions {
        Objects.requireNonNull(ratchetSalt, "ratchetSalt");
        if (ratchetWindowSize < 0 || ratchetWindowSize > 255) {
            throw new IllegalArgumentException("Invalid ratchet window size " + ratchetWindowSize + "; 0 to 255");
        }
        if (keyringSize < 1 || keyringSize > 256) {
            throw new IllegalArgumentException("Invalid keyring size " + keyringSize + "; 1 to 256");
        }
        if (keySizeBits != 128 && keySizeBits != 256) {
            throw new IllegalArgumentException("Invalid key size " + keySizeBits + " bits; only 128 and 256");
        }
    }
}
