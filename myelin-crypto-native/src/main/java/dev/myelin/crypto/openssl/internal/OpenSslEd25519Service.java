package dev.myelin.crypto.openssl.internal;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.crypto.SecretBytes;
import dev.myelin.crypto.openssl.OpenSslEd25519Engine;

/**
 * The {@link java.util.ServiceLoader} entry for {@link OpenSslEd25519Engine}, on the class path (which needs a public
 * class with a public no-argument constructor, hence this class outside the API package) and the module path alike.
 * Its constructor throws when libcrypto cannot load, which {@link Ed25519Engine#installed()} skips.
 */
public final class OpenSslEd25519Service implements Ed25519Engine {
    private final OpenSslEd25519Engine engine;

    public OpenSslEd25519Service() {
        engine = OpenSslEd25519Engine.load();
    }

    @Override
    public Ed25519Signer newSigner(SecretBytes seed) {
        return engine.newSigner(seed);
    }

    @Override
    public Ed25519Verifier newVerifier(Ed25519PublicKey publicKey) {
        return engine.newVerifier(publicKey);
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public String toString() {
        return engine.toString();
    }
}
