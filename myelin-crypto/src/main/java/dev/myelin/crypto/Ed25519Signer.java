package dev.myelin.crypto;

/**
 * Signs with one Ed25519 private key (RFC 8032 PureEdDSA, no pre-hash, no context). Ed25519 signatures are
 * deterministic, so every implementation returns the very same 64 bytes for the same key and message: engines differ
 * in speed only. Thread-safe. Never prints or exposes the private key, in {@code toString} or in exceptions.
 */
public interface Ed25519Signer {
    /** The signature over all of {@code message}. */
    Ed25519Signature sign(byte[] message);

    /** The public key matching the private key. */
    Ed25519PublicKey publicKey();
}
