package dev.myelin.crypto;

/**
 * Checks Ed25519 signatures (RFC 8032 PureEdDSA) under one public key. Thread-safe. Returns {@code false}, never
 * throws, for anything that is not a valid signature: a wrong signature, a scalar {@code S} not below the group order,
 * or a key that is not the canonical encoding of a curve point (nothing verifies under such a key).
 */
public interface Ed25519Verifier {
    /** Whether {@code signature} is the key's signature over all of {@code message}. */
    boolean verify(byte[] message, Ed25519Signature signature);
}
