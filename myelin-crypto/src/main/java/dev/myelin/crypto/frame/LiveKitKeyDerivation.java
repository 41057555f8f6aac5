package dev.myelin.crypto.frame;

/**
 * How LiveKit turns key material into an AES-GCM key and ratchets it; the material keeps its derivation across
 * ratchets (WebCrypto re-imports ratcheted bits under the same algorithm name).
 */
public enum LiveKitKeyDerivation {
    /** Per-participant raw keys (Element Call): HKDF-SHA256, salt = ratchet salt, info = 128 zero bytes. */
    HKDF,
    /** Shared passphrases: PBKDF2-HMAC-SHA256, salt = ratchet salt, 100 000 iterations. */
    PBKDF2
}
