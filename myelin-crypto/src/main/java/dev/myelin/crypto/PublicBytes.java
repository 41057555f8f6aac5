package dev.myelin.crypto;

import dev.myelin.crypto.internal.Base64Unpadded;
import java.util.Arrays;

/**
 * Fixed-length public byte strings (keys and signatures) that travel as unpadded base64: immutable, compared by
 * value, and only ever equal to the same kind.
 */
public abstract sealed class PublicBytes permits Curve25519PublicKey, Ed25519PublicKey, Ed25519Signature {
    private final byte[] bytes;

    PublicBytes(byte[] bytes, int length, String what) {
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " must be " + length + " bytes, got " + bytes.length);
        }
        this.bytes = bytes.clone();
    }

    public final byte[] toBytes() {
        return bytes.clone();
    }

    public final String toBase64() {
        return Base64Unpadded.encode(bytes);
    }

    /** The bytes without a copy, for this package's own computations. */
    final byte[] bytes() {
        return bytes;
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass() && Arrays.equals(bytes, ((PublicBytes) other).bytes);
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(bytes);
    }
}
