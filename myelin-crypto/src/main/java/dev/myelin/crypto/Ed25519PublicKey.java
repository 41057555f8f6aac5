package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;

/**
 * An Ed25519 public key: 32 raw bytes, unpadded base64 on the wire. Checks signatures with the
 * {@link Ed25519Engine#installed() installed engine}'s verifier, made on first use and kept, so that the point is
 * not decoded again per message (a Megolm receiver checks every message against its session's key).
 */
public final class Ed25519PublicKey extends PublicBytes {
    public static final int LENGTH = 32;

    /** Made on first use; racing first verifiers may each make one, which is harmless. */
    private volatile Ed25519Verifier verifier;

    private Ed25519PublicKey(byte[] bytes) {
        super(bytes, LENGTH, "Ed25519 key");
    }

    public static Ed25519PublicKey fromBytes(byte[] bytes) {
        return new Ed25519PublicKey(bytes);
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Ed25519PublicKey fromBase64(String base64) {
        return fromBytes(Base64Unpadded.decode(base64));
    }

    /** Whether {@code signature} is this key's Ed25519 signature over {@code message}. */
    public boolean verify(byte[] message, Ed25519Signature signature) {
        Ed25519Verifier current = verifier;
        if (current == null) {
            current = Ed25519Engine.installed().newVerifier(this);
            verifier = current;
        }
        return current.verify(message, signature);
    }

    @Override
    public String toString() {
        return "ed25519:" + toBase64();
    }
}
