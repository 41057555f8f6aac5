package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;
import java.util.Arrays;

/** A Curve25519 (X25519) public key: 32 raw bytes, unpadded base64 on the wire. */
public final class Curve25519PublicKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private Curve25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Curve25519PublicKey fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("Curve25519 key must be 32 bytes, got " + bytes.length);
        }
        return new Curve25519PublicKey(bytes.clone());
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Curve25519PublicKey fromBase64(String base64) {
        return fromBytes(Base64Unpadded.decode(base64));
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64Unpadded.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Curve25519PublicKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "curve25519:" + toBase64();
    }
}
