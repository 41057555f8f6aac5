package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;

/** An Ed25519 signature: 64 raw bytes, unpadded base64 (86 characters) on the wire. */
public final class Ed25519Signature extends PublicBytes {
    public static final int LENGTH = 64;

    private Ed25519Signature(byte[] bytes) {
        super(bytes, LENGTH, "Ed25519 signature");
    }

    public static Ed25519Signature fromBytes(byte[] bytes) {
        return new Ed25519Signature(bytes);
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Ed25519Signature fromBase64(String base64) {
        return fromBytes(Base64Unpadded.decode(base64));
    }

    @Override
    public String toString() {
        return "Ed25519Signature[" + toBase64() + "]";
    }
}
