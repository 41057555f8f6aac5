package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;
import java.util.Arrays;

/** An Ed25519 signature: 64 raw bytes, unpadded base64 (86 characters) on the wire. */
public final class Ed25519Signature {
    public static final int LENGTH = 64;
    private final byte[] bytes;

    private Ed25519Signature(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Ed25519Signature fromBytes(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("Ed25519 signature must be 64 bytes, got " + bytes.length);
        }
        return new Ed25519Signature(bytes.clone());
    }

    /** Parses unpadded (or padded) standard base64; throws {@link IllegalArgumentException} on anything else. */
    public static Ed25519Signature fromBase64(String base64) {
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
        return other instanceof Ed25519Signature signature && Arrays.equals(bytes, signature.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Ed25519Signature[" + toBase64() + "]";
    }
}
