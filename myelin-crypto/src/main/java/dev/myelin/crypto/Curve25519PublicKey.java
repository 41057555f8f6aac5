package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;

/** A Curve25519 (X25519) public key: 32 raw bytes, unpadded base64 on the wire. */
public final class Curve25519PublicKey extends PublicBytes {
    public static final int LENGTH = 32;

    private Curve25519PublicKey(byte[] bytes) {
        super(bytes, LENGTH, "Curve25519 key");
    }

    public static Curve25519PublicKey fromBytes(byte[] bytes) {
        return new Curve25519PublicKey(bytes);
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Curve25519PublicKey fromBase64(String base64) {
        return fromBytes(Base64Unpadded.decode(base64));
    }

    @Override
    public String toString() {
        return "curve25519:" + toBase64();
    }
}
