package dev.myelin.crypto.frame;

import java.util.Objects;

/**
 * The one exception a frame decryptor ({@link LiveKitFrameDecryptor}, {@code SFrameDecryptor}) throws for a frame it
 * will not hand to the decoder. The caller drops the frame and goes on with the next one; nothing in this exception
 * (no key bytes, no plaintext, no tag comparison detail) helps an attacker. It carries no stack trace: undecryptable
 * frames are an expected, possibly frequent, event on a media path.
 */
public final class UndecryptableFrameException extends RuntimeException {
    private final Reason reason;

    /** Why the frame was dropped. */
    public enum Reason {
        /** No key is stored at the frame's key index (LiveKit) or for its KID (SFrame). */
        MISSING_KEY,
        /** Authentication failed with every key tried (including the ratchet window, LiveKit). */
        INVALID_KEY,
        /** The key index failed more often than the failure tolerance: frames are dropped until a new key is set. */
        KEY_MARKED_INVALID,
        /** Too short or otherwise not a frame of this format. */
        MALFORMED,
        /** The codec is not supported by the format (LiveKit: AV1). */
        UNSUPPORTED_CODEC,
        /** Carried the server-injected-frame trailer but its payload is not one the server injects. */
        UNEXPECTED_SERVER_INJECTED_FRAME,
        /** The publisher's encryption state is not known yet: ciphertext must not reach the decoder (LiveKit). */
        PUBLISHER_STATE_UNKNOWN,
        /** Its counter was already accepted, or is older than the replay window (SFrame with replay protection). */
        REPLAYED
    }

    public UndecryptableFrameException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
