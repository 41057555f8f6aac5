package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;
import dev.myelin.crypto.internal.Primitives;
import java.util.Arrays;

/** An Ed25519 public key: 32 raw bytes, unpadded base64 on the wire. */
public final class Ed25519PublicKey {
    public static final int LENGTH = 32;
    private final byte[] bytes;

    private Ed25519PublicKey(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Ed25519PublicKey fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("Ed25519 key must be 32 bytes, got " + bytes.length);
        }
        return new Ed25519PublicKey(bytes.clone());
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Ed25519PublicKey fromBase64(String base64) {
        return fromBytes(Base64Unpadded.decode(base64));
    }

    /** Whether {@code signature} is this key's Ed25519 signature over {@code message}. */
    public boolean verify(byte[] message, Ed25519Signature signature) {
        return Primitives.ed25519Verify(bytes, message, signature.toBytes());
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    public String toBase64() {
        return Base64Unpadded.encode(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Ed25519PublicKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ed25519:" + toBase64();
    }
}
