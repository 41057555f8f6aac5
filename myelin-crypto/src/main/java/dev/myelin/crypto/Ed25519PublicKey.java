package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Primitives;

/** An Ed25519 public key: 32 raw bytes, unpadded base64 on the wire. */
public final class Ed25519PublicKey extends PublicBytes {
    public static final int LENGTH = 32;

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
        return Primitives.ed25519Verify(bytes(), message, signature.bytes());
    }

    @Override
    public String toString() {
        return "ed25519:" + toBase64();
    }
}
