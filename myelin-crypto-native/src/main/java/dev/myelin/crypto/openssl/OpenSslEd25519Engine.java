package dev.myelin.crypto.openssl;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.crypto.SecretBytes;

/**
 * Ed25519 from OpenSSL 3's libcrypto: the same keys and signatures as {@link Ed25519Engine#jdk()}, an order of
 * magnitude faster. Installed for Olm and Megolm ({@link Ed25519Engine#installed()}) by being on the class or module
 * path; hand it over explicitly where a caller wants to know which engine it got (e.g. to log a fallback).
 *
 * <p>Each signer or verifier owns an {@code EVP_PKEY} and a few {@code EVP_MD_CTX}s, freed by a
 * {@link java.lang.ref.Cleaner} once it is unreachable. The seed is copied into OpenSSL's key and wiped from the
 * temporary native buffer it went through; it is never printed.
 */
public final class OpenSslEd25519Engine implements Ed25519Engine {
    private static final OpenSslEd25519Engine INSTANCE = new OpenSslEd25519Engine();

    private OpenSslEd25519Engine() {
    }

    /**
     * The engine, loading libcrypto on first use.
     *
     * @throws IllegalStateException when libcrypto.so.3 is missing, lacks Ed25519, or native access is disabled
     */
    public static OpenSslEd25519Engine load() {
        LibCryptoEd25519.check();
        return INSTANCE;
    }

    /** The OpenSSL version loaded, e.g. {@code 3.0.19}. */
    public String openSslVersion() {
        return LibCryptoLibrary.VERSION;
    }

    @Override
    public Ed25519Signer newSigner(SecretBytes seed) {
        return new OpenSslEd25519Signer(Ed25519KeyHandle.ofSeed(seed));
    }

    @Override
    public Ed25519Verifier newVerifier(Ed25519PublicKey publicKey) {
        byte[] encoded = publicKey.toBytes();
        if (!CanonicalEd25519Point.isCanonical(encoded)) {
            // OpenSSL would decode it leniently (see CanonicalEd25519Point); the JDK, and RFC 8032, refuse it
            return (message, signature) -> false;
        }
        return Ed25519KeyHandle.ofPublicKey(encoded)
                .<Ed25519Verifier>map(OpenSslEd25519Verifier::new)
                .orElse((message, signature) -> false);
    }

    @Override
    public String name() {
        return "openssl";
    }

    @Override
    public String toString() {
        return "OpenSslEd25519Engine[" + LibCryptoLibrary.VERSION + "]";
    }
}
