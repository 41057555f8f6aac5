package dev.myelin.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Key material that never prints, never serialises by accident and compares in constant time. Reading the bytes is
 * deliberately loud: {@link #exposeCopy()} returns a copy the caller must treat as secret.
 */
public final class SecretBytes {
    private final byte[] bytes;

    private SecretBytes(byte[] bytes) {
        this.bytes = bytes;
    }

    /** Wraps a copy of {@code bytes}; the caller may wipe its array afterwards. */
    public static SecretBytes copyOf(byte[] bytes) {
        return new SecretBytes(Objects.requireNonNull(bytes, "bytes").clone());
    }

    /** Wraps a copy of {@code length} bytes of {@code bytes} from {@code offset}. */
    public static SecretBytes copyOf(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return new SecretBytes(Arrays.copyOfRange(bytes, offset, offset + length));
    }

    public int length() {
        return bytes.length;
    }

    /** A copy of the secret. Every call site is a place where the secret leaves its wrapper: keep them few. */
    public byte[] exposeCopy() {
        return bytes.clone();
    }

    /** Constant-time comparison of contents (the length is not secret). */
    public boolean equalsConstantTime(SecretBytes other) {
        return MessageDigest.isEqual(bytes, other.bytes);
    }

    /** Overwrites the secret with zeros; later reads see zeros. */
    public void wipe() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SecretBytes secret && equalsConstantTime(secret);
    }

    @Override
    public int hashCode() {
        return bytes.length; // content-free on purpose: hashing the secret could leak it through timing
    }

    @Override
    public String toString() {
        return "SecretBytes[" + bytes.length + " bytes]";
    }
}
