package dev.myelin.crypto;

import dev.myelin.crypto.internal.InstalledEd25519Engine;
import dev.myelin.crypto.internal.JdkEd25519Engine;

/**
 * Makes Ed25519 signers and verifiers. Engines differ in speed and native resources, never in output: the same seed
 * gives the same public key and the same signature for the same message whatever the engine, and every engine accepts
 * the signatures the others make.
 *
 * <p>{@link #installed()} is what Olm, Megolm and {@link Ed25519PublicKey#verify} use: a faster engine registered as a
 * {@link java.util.ServiceLoader} provider of this interface (e.g. {@code myelin-crypto-native}'s OpenSSL one, by
 * merely being on the class or module path), else the JDK's.
 */
public interface Ed25519Engine {
    /**
     * A signer for the key of this 32-byte seed (RFC 8032's private key). The engine copies what it needs; the caller
     * may wipe {@code seed} afterwards.
     *
     * @throws IllegalArgumentException when the seed is not 32 bytes
     */
    Ed25519Signer newSigner(SecretBytes seed);

    /**
     * A verifier for {@code publicKey}; one for bytes that are not a curve point, or not its one canonical encoding
     * (RFC 8032 section 5.1.3: {@code y < p}, no sign bit on {@code x = 0}), rejects every signature.
     */
    Ed25519Verifier newVerifier(Ed25519PublicKey publicKey);

    /** A short name for reports and logs, e.g. {@code "jdk"}. */
    String name();

    /** The JDK's Ed25519 ({@code SunEC}, pure Java): always there, about a millisecond per signature. */
    static Ed25519Engine jdk() {
        return JdkEd25519Engine.INSTANCE;
    }

    /**
     * The first {@link java.util.ServiceLoader} provider of this interface that loads (one that throws while being
     * made, say for a missing native library, is skipped), else {@link #jdk()}. Looked up once per class loader.
     */
    static Ed25519Engine installed() {
        return InstalledEd25519Engine.ENGINE;
    }
}
