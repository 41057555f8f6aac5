package dev.myelin.crypto.internal;

import dev.myelin.crypto.Ed25519Engine;
import dev.myelin.crypto.Ed25519PublicKey;
import dev.myelin.crypto.Ed25519Signer;
import dev.myelin.crypto.Ed25519Verifier;
import dev.myelin.crypto.SecretBytes;
import java.util.Arrays;

/** {@link Ed25519Engine#jdk()}: the JDK's {@code Signature("Ed25519")}, one kept per key and thread in use. */
public final class JdkEd25519Engine implements Ed25519Engine {
    public static final JdkEd25519Engine INSTANCE = new JdkEd25519Engine();

    private JdkEd25519Engine() {
    }

    @Override
    public Ed25519Signer newSigner(SecretBytes seed) {
        if (seed.length() != 32) {
            throw new IllegalArgumentException("Ed25519 seed must be 32 bytes, not " + seed.length());
        }
        byte[] raw = seed.exposeCopy();
        try {
            Ed25519PublicKey publicKey = Ed25519PublicKey.fromBytes(Primitives.ed25519PublicKey(raw));
            return new JdkEd25519Signer(SecretBytes.copyOf(raw), publicKey);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    @Override
    public Ed25519Verifier newVerifier(Ed25519PublicKey publicKey) {
        return new JdkEd25519Verifier(publicKey.toBytes());
    }

    @Override
    public String name() {
        return "jdk";
    }

    @Override
    public String toString() {
        return "JdkEd25519Engine";
    }
}
