package dev.myelin.crypto.aead;

import javax.crypto.SecretKey;

/**
 * HMAC with one hash (SHA-256 or SHA-512), as {@link javax.crypto.Mac} but writing the MAC into a caller's buffer:
 * {@link #start} with a key, {@link #update} any number of times, {@link #finish}; then {@link #start} again. An
 * implementation may keep state derived from the last key object it saw (compared by identity). Not thread-safe.
 */
public interface Hmac {
    /** The MAC length in bytes (32 for SHA-256, 64 for SHA-512). */
    int length();

    /** Begins a MAC under {@code key}, discarding anything not finished. */
    void start(SecretKey key);

    void update(byte[] data, int offset, int length);

    /** Writes the whole MAC ({@link #length()} bytes) into {@code out} from {@code offset}. */
    void finish(byte[] out, int offset);
}
